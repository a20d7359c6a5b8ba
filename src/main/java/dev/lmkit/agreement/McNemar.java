package dev.lmkit.agreement;

/**
 * McNemar's test for two models scored on the same items: only the discordant items count, {@code b} (the first right,
 * the second wrong) and {@code c} (the reverse). Exact (two-sided binomial with p = 1/2) when b + c &lt; 25, as
 * statisticians advise for small counts; otherwise the chi-square statistic with Edwards' continuity correction,
 * (|b − c| − 1)² / (b + c), on one degree of freedom.
 */
public record McNemar(long b, long c, boolean exact, double statistic, double p) {
    static final int EXACT_BELOW = 25;

    public static McNemar of(long b, long c) {
        long n = b + c;
        if (n == 0) return new McNemar(0, 0, true, 0, 1);
        if (n < EXACT_BELOW) {
            double tail = 0; // P(X <= min(b, c)) for X ~ Binomial(n, 1/2)
            for (long k = 0; k <= Math.min(b, c); k++) tail += Math.exp(logChoose(n, k) - n * Math.log(2));
            return new McNemar(b, c, true, Math.min(b, c), Math.min(1, 2 * tail));
        }
        double chi2 = Math.pow(Math.max(0, Math.abs(b - c) - 1), 2) / n;
        return new McNemar(b, c, false, chi2, erfc(Math.sqrt(chi2 / 2)));
    }

    /** "A better", "B better" or "no difference", at the 5% level. */
    public String verdict(String a, String bName) {
        if (p >= 0.05) return "no difference";
        return (b > c ? a : bName) + " better";
    }

    private static double logChoose(long n, long k) {
        double s = 0;
        for (long i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
        return s;
    }

    /** The complementary error function (Numerical Recipes' erfcc: relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851638 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
