namespace ResLab.Analysis.Fitting;

/// <summary>
/// A small dense nonlinear least-squares problem: minimise Σ r_i(θ)² with r_i = y_i − f_i(θ).
/// Implement it as a struct so that the solver's generic code is specialised and inlined (no virtual calls
/// in the inner loop).
/// </summary>
public interface ILeastSquaresProblem
{
    /// <summary>Number of parameters θ (the columns of the Jacobian).</summary>
    int ParameterCount { get; }

    /// <summary>Number of observations (residuals).</summary>
    int ObservationCount { get; }

    /// <summary>
    /// Writes the residuals r_i = y_i − f_i(θ) and, when <paramref name="jacobian"/> is not empty, the Jacobian of
    /// the <em>model</em> J_ij = ∂f_i/∂θ_j in row-major order (n × p). Returns the residual sum of squares, or
    /// NaN/∞ when θ is outside the model's domain.
    /// </summary>
    double Evaluate(ReadOnlySpan<double> theta, Span<double> residuals, Span<double> jacobian);
}
