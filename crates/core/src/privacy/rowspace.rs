//! Test helper: exact linear algebra over the rationals, to decide whether a hidden figure is
//! determined by released ones. A linear combination t·x of unknowns x is determined by released
//! values A·x exactly when t lies in the row space of A. Integer rows, fraction-free elimination
//! with gcd normalisation, checked arithmetic (an overflow fails the test loudly).

/// The row space of the rows added so far, kept in row echelon form.
#[derive(Debug, Clone, Default)]
pub(crate) struct RowSpace {
    /// (pivot column, row) sorted by pivot; each row is zero before its pivot.
    rows: Vec<(usize, Vec<i128>)>,
    columns: usize,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn normalise(row: &mut [i128]) {
    let g = row.iter().fold(0, |g, &x| gcd(g, x));
    if g > 1 {
        for x in row.iter_mut() {
            *x /= g;
        }
    }
}

impl RowSpace {
    pub(crate) fn new(columns: usize) -> RowSpace {
        RowSpace {
            rows: Vec::new(),
            columns,
        }
    }

    /// The dimension of the space.
    pub(crate) fn rank(&self) -> usize {
        self.rows.len()
    }

    /// `v` minus its component in the space (in the echelon sense): zero iff `v` is in it.
    fn reduce(&self, v: &[i64]) -> Vec<i128> {
        assert_eq!(v.len(), self.columns, "row of the wrong length");
        let mut v: Vec<i128> = v.iter().map(|&x| i128::from(x)).collect();
        for (pivot, row) in &self.rows {
            let factor = v[*pivot];
            if factor == 0 {
                continue;
            }
            let scale = row[*pivot];
            for (x, &r) in v.iter_mut().zip(row) {
                *x = x
                    .checked_mul(scale)
                    .and_then(|a| r.checked_mul(factor).and_then(|b| a.checked_sub(b)))
                    .expect("no overflow in the rank test");
            }
            normalise(&mut v);
        }
        v
    }

    /// Adds a row to the space.
    pub(crate) fn add(&mut self, v: &[i64]) {
        let reduced = self.reduce(v);
        if let Some(pivot) = reduced.iter().position(|&x| x != 0) {
            let at = self.rows.partition_point(|(p, _)| *p < pivot);
            self.rows.insert(at, (pivot, reduced));
        }
    }

    /// Whether `v` is a linear combination of the rows added.
    pub(crate) fn contains(&self, v: &[i64]) -> bool {
        self.reduce(v).iter().all(|&x| x == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_difference_and_misses_what_is_not_there() {
        // Unknowns a, b, c. Released: a+b+c and b+c. Then a is determined, b is not.
        let mut space = RowSpace::new(3);
        space.add(&[1, 1, 1]);
        space.add(&[0, 1, 1]);
        assert_eq!(space.rank(), 2);
        assert!(space.contains(&[1, 0, 0]));
        assert!(!space.contains(&[0, 1, 0]));
        assert!(space.contains(&[2, 3, 3]));
        space.add(&[1, 2, 2]); // dependent: rank stays 2
        assert_eq!(space.rank(), 2);
        space.add(&[0, 0, 5]);
        assert!(space.contains(&[0, 1, 0]));
    }

    #[test]
    fn works_when_pivots_arrive_out_of_order() {
        let mut space = RowSpace::new(4);
        space.add(&[0, 0, 1, 1]);
        space.add(&[0, 1, 0, 1]);
        space.add(&[1, 0, 0, 1]);
        assert!(!space.contains(&[0, 0, 0, 1]));
        assert!(space.contains(&[1, -1, 0, 0]));
        space.add(&[1, 1, 1, 1]);
        assert!(space.contains(&[0, 0, 0, 1]));
    }
}
