//! Points and the perspective transform from module coordinates to pixels.

use serde::Serialize;

/// A position in a picture, in pixels from its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Pixels to the right.
    pub x: f64,
    /// Pixels down.
    pub y: f64,
}

impl Point {
    /// A point.
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    /// Euclidean distance to `other`.
    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    pub(crate) fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// A plane projective transform, `p' = H p` in homogeneous coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Homography {
    m: [f64; 9],
}

impl Homography {
    /// The transform taking each `from[i]` to `to[i]`, if the points are in general position.
    pub(crate) fn from_points(from: [Point; 4], to: [Point; 4]) -> Option<Self> {
        // Solve the 8 × 8 system for h11 … h32 with h33 = 1.
        let mut a = [[0f64; 9]; 8];
        for i in 0..4 {
            let (x, y) = (from[i].x, from[i].y);
            let (u, v) = (to[i].x, to[i].y);
            a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        for col in 0..8 {
            let pivot = (col..8).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
            if a[pivot][col].abs() < 1e-12 {
                return None;
            }
            a.swap(col, pivot);
            for row in 0..8 {
                if row != col {
                    let factor = a[row][col] / a[col][col];
                    if factor != 0.0 {
                        let pivot_row = a[col];
                        for (target, source) in a[row].iter_mut().zip(pivot_row).skip(col) {
                            *target -= factor * source;
                        }
                    }
                }
            }
        }
        let mut m = [0f64; 9];
        for (i, slot) in m.iter_mut().take(8).enumerate() {
            *slot = a[i][8] / a[i][i];
        }
        m[8] = 1.0;
        m.iter().all(|v| v.is_finite()).then_some(Self { m })
    }

    /// The affine transform through three point pairs (the fourth is the parallelogram's).
    pub(crate) fn affine(from: [Point; 3], to: [Point; 3]) -> Option<Self> {
        let fourth = |p: [Point; 3]| Point::new(p[1].x + p[2].x - p[0].x, p[1].y + p[2].y - p[0].y);
        Self::from_points(
            [from[0], from[1], from[2], fourth(from)],
            [to[0], to[1], to[2], fourth(to)],
        )
    }

    /// The matrix, row by row (`m[8]` is 1).
    pub(crate) fn matrix(&self) -> &[f64; 9] {
        &self.m
    }

    /// Maps a point.
    pub(crate) fn map(&self, x: f64, y: f64) -> Point {
        let m = &self.m;
        let w = m[6] * x + m[7] * y + m[8];
        Point::new(
            (m[0] * x + m[1] * y + m[2]) / w,
            (m[3] * x + m[4] * y + m[5]) / w,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_four_points_it_was_built_from() {
        let from = [
            Point::new(0.0, 0.0),
            Point::new(25.0, 0.0),
            Point::new(25.0, 25.0),
            Point::new(0.0, 25.0),
        ];
        let to = [
            Point::new(10.0, 12.0),
            Point::new(300.0, 20.0),
            Point::new(320.0, 330.0),
            Point::new(5.0, 280.0),
        ];
        let h = Homography::from_points(from, to).unwrap();
        for (f, t) in from.iter().zip(to) {
            assert!(h.map(f.x, f.y).distance(t) < 1e-6);
        }
        assert!(Homography::from_points(from, [to[0]; 4]).is_none());
    }
}
