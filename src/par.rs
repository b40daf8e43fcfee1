//! Work spread over the machine's cores, in order.
//!
//! A dataset of 100,000 treaties is read, parsed, validated, audited and
//! projected treaty by treaty; each treaty is independent, so the work is
//! split into one contiguous chunk per core under [`std::thread::scope`]
//! (no thread pool, no dependency) and the results are put back in input
//! order, so every output stays deterministic.

/// The number of worker threads: the available cores, at most 16.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(16)
}

/// `items.iter().map(f).collect()`, computed on all cores; the results are
/// in the order of `items`.
///
/// A worker that panics (a bug) loses its chunk's results; `on_panic` is
/// called once per such chunk to produce one replacement for each of its
/// items, so the caller can report it.
///
/// # Example
///
/// ```
/// let squares = treatyline::par::map(&[1, 2, 3], |x| x * x, || 0);
/// assert_eq!(squares, [1, 4, 9]);
/// ```
pub fn map<T, R, F, P>(items: &[T], f: F, on_panic: P) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
    P: Fn() -> R,
{
    let threads = threads();
    // Few items are not worth a thread.
    if threads <= 1 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| (part.len(), s.spawn(move || part.iter().map(f).collect::<Vec<R>>())))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for (len, h) in handles {
            match h.join() {
                Ok(v) => out.extend(v),
                Err(_) => out.extend((0..len).map(|_| on_panic())),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order() {
        let items: Vec<u32> = (0..1000).collect();
        let doubled = map(&items, |x| x * 2, || 0);
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(map(&[] as &[u32], |x| *x, || 0).is_empty());
    }
}
