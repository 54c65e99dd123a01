//! Work spread over every core with results kept in input order, so that a
//! parallel step prints and returns exactly what the same step done one
//! item at a time would.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` of every item of `items`, on up to `available_parallelism` threads
/// (at most one per item), results in the items' order. An item whose
/// worker failed (a panic) gives None, for the caller to redo in order,
/// where any problem is reported as usual. With one core or one item,
/// nothing runs here and every result is None.
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let mut out: Vec<Option<R>> = Vec::new();
    out.resize_with(items.len(), || None);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads < 2 {
        return out;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            for (i, result) in worker.join().unwrap_or_default() {
                out[i] = Some(result);
            }
        }
    });
    out
}

/// `f` of every item, as [`map_in_order`] computes it, and on the calling
/// thread, in order, for any item a worker did not finish (or for all of
/// them on one core).
pub(crate) fn map_each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let done = map_in_order(items, &f);
    items
        .iter()
        .zip(done)
        .map(|(item, done)| done.unwrap_or_else(|| f(item)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_mapped_in_order_on_any_number_of_cores() {
        let items: Vec<u32> = (0..100).collect();
        assert_eq!(
            map_each(&items, |i| i * 2),
            (0..100).map(|i| i * 2).collect::<Vec<_>>()
        );
    }

    #[test]
    fn results_keep_the_items_order() {
        let items: Vec<u32> = (0..100).collect();
        let out = map_in_order(&items, |i| i * 2);
        if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
            assert!(out.iter().all(Option::is_none));
        } else {
            let got: Vec<u32> = out.into_iter().map(|r| r.unwrap_or(u32::MAX)).collect();
            assert_eq!(got, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        }
    }
}
