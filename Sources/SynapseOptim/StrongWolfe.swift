// PyTorch's line search for LBFGS (`_strong_wolfe`, `_cubic_interpolate` in torch/optim/lbfgs.py), step for step:
// bracket a step meeting the strong Wolfe conditions, then zoom in by cubic interpolation.

/// The minimiser of the cubic through `(x1, f1)` and `(x2, f2)` with slopes `g1`, `g2`, clamped to `bounds` (the
/// interval between the points by default); the bounds' midpoint when the cubic has no minimum.
func cubicInterpolate(_ x1: Double, _ f1: Double, _ g1: Double, _ x2: Double, _ f2: Double, _ g2: Double,
                      bounds: (Double, Double)? = nil) -> Double {
    let (lower, upper) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1))
    let d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    let d2Square = d1 * d1 - g1 * g2
    guard d2Square >= 0 else { return (lower + upper) / 2 }
    let d2 = d2Square.squareRoot()
    let minimum = x1 <= x2
        ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(minimum, lower), upper)
}

/// What the line search found: the loss and flat gradient at the step `t`, and how many evaluations it took.
struct LineSearchResult {
    var loss: Double, flatGrad: Tensor, t: Double, evaluations: Int
}

/// A step along `d` from the parameters `x` (loss `f`, gradient `g`, directional derivative `gtd`) meeting the strong
/// Wolfe conditions, starting from `t`, in at most `maxSearches` evaluations of `evaluate(x, t, d)`.
func strongWolfe(_ evaluate: ([Tensor], Double, Tensor) throws -> (Double, Tensor), _ x: [Tensor], _ t: Double,
                 _ d: Tensor, _ f: Double, _ g: Tensor, _ gtd: Double, c1: Double = 1e-4, c2: Double = 0.9,
                 toleranceChange: Double = 1e-9, maxSearches: Int = 25) rethrows -> LineSearchResult {
    var t = t
    let dNorm = d.abs().max().item()
    let g = g.clone()
    var (fNew, gNew) = try evaluate(x, t, d)
    var evaluations = 1
    var gtdNew = gNew.dot(d).item()
    var (tPrevious, fPrevious, gPrevious, gtdPrevious) = (0.0, f, g, gtd)
    var done = false
    var searches = 0
    var bracket: [Double] = [], bracketF: [Double] = [], bracketG: [Tensor] = [], bracketGtd: [Double] = []

    // Bracketing: grow the step until it overshoots a minimum or satisfies the conditions.
    while searches < maxSearches {
        let overshot = fNew > f + c1 * t * gtd || (searches > 1 && fNew >= fPrevious)
        if !overshot && Swift.abs(gtdNew) <= -c2 * gtd {
            (bracket, bracketF, bracketG, done) = ([t], [fNew], [gNew], true)
            break
        }
        if overshot || gtdNew >= 0 {
            (bracket, bracketF) = ([tPrevious, t], [fPrevious, fNew])
            (bracketG, bracketGtd) = ([gPrevious, gNew.clone()], [gtdPrevious, gtdNew])
            break
        }
        let minStep = t + 0.01 * (t - tPrevious), maxStep = t * 10
        let previous = t
        t = cubicInterpolate(tPrevious, fPrevious, gtdPrevious, t, fNew, gtdNew, bounds: (minStep, maxStep))
        (tPrevious, fPrevious, gPrevious, gtdPrevious) = (previous, fNew, gNew.clone(), gtdNew)
        (fNew, gNew) = try evaluate(x, t, d)
        evaluations += 1
        gtdNew = gNew.dot(d).item()
        searches += 1
    }
    if searches == maxSearches {
        (bracket, bracketF, bracketG) = ([0, t], [f, fNew], [g, gNew])
    }

    // Zoom: shrink the bracket by interpolation until a point satisfies the conditions.
    var insufficientProgress = false
    var (low, high) = bracketF[0] <= bracketF[bracketF.count - 1] ? (0, 1) : (1, 0)
    while !done && searches < maxSearches {
        if Swift.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange { break }
        t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1])
        let (top, bottom) = (bracket.max()!, bracket.min()!)
        let eps = 0.1 * (top - bottom)
        if min(top - t, t - bottom) < eps {
            // Too close to an end: move away from it, unless the last step already made progress.
            if insufficientProgress || t >= top || t <= bottom {
                t = Swift.abs(t - top) < Swift.abs(t - bottom) ? top - eps : bottom + eps
                insufficientProgress = false
            } else {
                insufficientProgress = true
            }
        } else {
            insufficientProgress = false
        }
        (fNew, gNew) = try evaluate(x, t, d)
        evaluations += 1
        gtdNew = gNew.dot(d).item()
        searches += 1
        if fNew > f + c1 * t * gtd || fNew >= bracketF[low] {
            (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (t, fNew, gNew.clone(), gtdNew)
            (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0)
        } else {
            if Swift.abs(gtdNew) <= -c2 * gtd {
                done = true
            } else if gtdNew * (bracket[high] - bracket[low]) >= 0 {
                (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) =
                    (bracket[low], bracketF[low], bracketG[low], bracketGtd[low])
            }
            (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew.clone(), gtdNew)
        }
    }
    return LineSearchResult(loss: bracketF[low], flatGrad: bracketG[low], t: bracket[low], evaluations: evaluations)
}
