//! Work spread over the machine's cores, in order.
//!
//! A dataset of 100,000 treaties is read, parsed, validated, audited and
//! projected treaty by treaty; each treaty is independent, so the work is
//! handed out in small blocks to one thread per core under
//! [`std::thread::scope`] (no thread pool, no dependency) and the results
//! are put back in input order, so every output stays deterministic.

/// The number of worker threads: the available cores, at most 16.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(16)
}

/// `items.iter().map(f).collect()`, computed on all cores; the results are
/// in the order of `items`.
///
/// On several cores, a worker that panics (a bug) loses the rest of its
/// block; `on_panic` gives a replacement for each item lost, so the caller
/// can report it. On one core the work runs inline.
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
    // Small blocks handed out in turn keep the cores busy when some items
    // (a treaty with thousands of events) cost far more than others. Each
    // block's results go straight to their place in one preallocated
    // vector: a second copy of 100,000 results would double the peak
    // memory.
    let block = items.len().div_ceil(threads * 64).clamp(1, 256);
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    {
        let work = std::sync::Mutex::new(items.chunks(block).zip(slots.chunks_mut(block)));
        let (f, work) = (&f, &work);
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(move || {
                        loop {
                            // The lock is held only to take the next block.
                            let next = match work.lock() {
                                Ok(mut w) => w.next(),
                                Err(_) => None,
                            };
                            let Some((part, out)) = next else { break };
                            for (item, slot) in part.iter().zip(out.iter_mut()) {
                                *slot = Some(f(item));
                            }
                        }
                    })
                })
                .collect();
            // Joined by hand: a worker that panicked (a bug) is then not
            // re-raised by the scope, and its unfilled slots say what was lost.
            for h in handles {
                let _ = h.join();
            }
        });
    }
    slots
        .into_iter()
        .map(|r| r.unwrap_or_else(&on_panic))
        .collect()
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

    #[test]
    fn a_panicking_item_is_replaced_not_raised() {
        // On one core the work runs inline and a panic propagates.
        if threads() <= 1 {
            return;
        }
        let items: Vec<u32> = (0..100).collect();
        let out = map(
            &items,
            |x| {
                assert!(*x != 50, "boom");
                Some(*x)
            },
            || None,
        );
        assert_eq!(out.len(), 100);
        // 100 items make blocks of one: only the panicking item is lost.
        assert_eq!(out.get(50), Some(&None));
        assert_eq!(out.iter().filter(|o| o.is_none()).count(), 1);
    }
}
