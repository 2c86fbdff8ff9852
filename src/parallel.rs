//! Data parallelism without a thread pool crate: a slice is cut into one contiguous chunk per
//! core, each chunk is worked on by a scoped thread, and the results come back in the slice's
//! order, so the output is the same whatever the number of threads.

use std::num::NonZeroUsize;

/// Below this many items, one thread does the work: starting threads would cost more.
const MIN_PER_THREAD: usize = 2_000;

/// The number of threads to use: the cores available (`TEEMA_THREADS` overrides).
pub fn threads() -> usize {
    std::env::var("TEEMA_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(NonZeroUsize::get)
                .unwrap_or(1)
        })
}

/// The threads worth starting for `n` items of fine-grained work.
fn threads_for(n: usize) -> usize {
    threads().min(n / MIN_PER_THREAD).max(1)
}

/// `f` over contiguous chunks of `items`, one chunk per thread; the results in chunk order.
pub fn map_chunks<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads == 1 {
        return vec![f(items)];
    }
    let size = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(size)
            .map(|chunk| {
                let f = &f;
                scope.spawn(move || f(chunk))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker thread panicked"))
            .collect()
    })
}

/// `f` over each of a few coarse `items` (such as the values of k to try), spread over the
/// threads in turn (thread t takes items t, t + threads, …); the results in `items`' order.
pub fn map_tasks<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len()).max(1);
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let f = &f;
                scope.spawn(move || {
                    (t..items.len())
                        .step_by(threads)
                        .map(|i| (i, f(&items[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker thread panicked"))
            .collect()
    });
    let mut all: Vec<(usize, R)> = parts.drain(..).flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// `f(first_row, block)` over blocks of `out`'s rows, one block per thread.
pub fn for_row_blocks(
    out: &mut ndarray::Array2<f64>,
    f: impl Fn(usize, ndarray::ArrayViewMut2<f64>) + Sync,
) {
    let rows = out.nrows();
    let threads = threads_for(rows);
    if threads == 1 {
        f(0, out.view_mut());
        return;
    }
    let size = rows.div_ceil(threads);
    std::thread::scope(|scope| {
        for (i, block) in out.axis_chunks_iter_mut(ndarray::Axis(0), size).enumerate() {
            let f = &f;
            scope.spawn(move || f(i * size, block));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_come_back_in_order() {
        let items: Vec<usize> = (0..10_000).collect();
        let sums: Vec<usize> = map_chunks(&items, |c| c.iter().sum());
        assert_eq!(sums.iter().sum::<usize>(), items.iter().sum::<usize>());
        let flat: Vec<usize> = map_chunks(&items, <[usize]>::to_vec).concat();
        assert_eq!(flat, items);
        assert_eq!(map_chunks(&items[..10], <[usize]>::len), vec![10]);
        let squares = map_tasks(&items[..7], |i| i * i);
        assert_eq!(squares, [0, 1, 4, 9, 16, 25, 36]);
    }
}
