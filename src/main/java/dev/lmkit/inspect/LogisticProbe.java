package dev.lmkit.inspect;

/**
 * A diagnostic classifier (Giulianelli et al. 2018): L2-regularized logistic regression from a state vector to a
 * binary label, features standardized on the training rows, fitted by Newton's method (iteratively reweighted least
 * squares), deterministic. The penalty keeps the weights finite when the classes separate, as a planted unit makes them.
 */
final class LogisticProbe {
    static final double PENALTY = 1.0;
    private static final int MAX_ITERATIONS = 30;

    private final double[] mean, scale, beta; // beta[0]: intercept

    private LogisticProbe(double[] mean, double[] scale, double[] beta) {
        this.mean = mean;
        this.scale = scale;
        this.beta = beta;
    }

    static LogisticProbe fit(float[][] x, boolean[] y) {
        int n = x.length, d = x[0].length;
        double[] mean = new double[d], scale = new double[d];
        for (float[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j] / (double) n;
        for (float[] row : x) for (int j = 0; j < d; j++) scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
        for (int j = 0; j < d; j++) scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
        double[][] z = new double[n][d + 1];
        for (int i = 0; i < n; i++) {
            z[i][0] = 1;
            for (int j = 0; j < d; j++) z[i][j + 1] = (x[i][j] - mean[j]) / scale[j];
        }
        double[] beta = new double[d + 1];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[][] hessian = new double[d + 1][d + 1];
            double[] gradient = new double[d + 1];
            for (int i = 0; i < n; i++) {
                double p = sigmoid(dot(beta, z[i])), w = Math.max(p * (1 - p), 1e-10), r = p - (y[i] ? 1 : 0);
                double[] zi = z[i];
                for (int a = 0; a <= d; a++) {
                    gradient[a] += r * zi[a];
                    double wa = w * zi[a];
                    for (int b = 0; b <= a; b++) hessian[a][b] += wa * zi[b];
                }
            }
            for (int a = 1; a <= d; a++) {
                gradient[a] += PENALTY * beta[a];
                hessian[a][a] += PENALTY;
            }
            hessian[0][0] += 1e-9;
            double[] step = Cholesky.solve(hessian, gradient);
            double size = 0;
            for (int a = 0; a <= d; a++) {
                beta[a] -= step[a];
                size = Math.max(size, Math.abs(step[a]));
            }
            if (size < 1e-7) break;
        }
        return new LogisticProbe(mean, scale, beta);
    }

    /** Whether the probe says the label is true for this state. */
    boolean predict(float[] state) {
        double s = beta[0];
        for (int j = 0; j < mean.length; j++) s += beta[j + 1] * (state[j] - mean[j]) / scale[j];
        return s > 0;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Solves A·x = b for a symmetric positive definite A given by its lower triangle. */
    static final class Cholesky {
        private Cholesky() {
        }

        static double[] solve(double[][] a, double[] b) {
            int n = b.length;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                    l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j][j];
                }
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[i];
                for (int k = 0; k < i; k++) s -= l[i][k] * y[k];
                y[i] = s / l[i][i];
            }
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k];
                x[i] = s / l[i][i];
            }
            return x;
        }
    }
}
