//! `mdkpi explain`: the records behind one figure.
