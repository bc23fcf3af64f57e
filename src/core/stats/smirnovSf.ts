// The one-sided Kolmogorov-Smirnov distribution: P(D+_n >= x), scipy.special.smirnov(n, x).
//
// Birnbaum & Tingey's exact sum (already in Smirnov 1944):
//   P(D+_n >= x) = sum_{v=0}^{floor(n(1-x))} C(n, v) x (x + v/n)^(v-1) (1 - x - v/n)^(n-v),
// with the branch choices of scipy's implementation (van Mulbregt 2018, arXiv:1802.06966): the
// closed forms for x <= 1/n and x >= 1 - 1/n, zero once -2 n x^2 underflows exp(), the few-term
// upper sum for small x, and the Smirnov approximation exp(-(6nx + 1)^2 / 18n) beyond n = 10^6.
//
// scipy keeps its terms in double-double arithmetic. Here each term is written as
//   x / p * dbinom(v; n, p), p = x + v/n,
// and the binomial probability is evaluated by Loader's saddle-point form (Loader, C. 2000, "Fast and
// accurate computation of binomial probabilities"), whose exponent is a sum of small, well-conditioned
// pieces; n*x is split exactly (Dekker's product) so that p and 1 - p keep full relative accuracy
// even when 1 - p is tiny. That keeps each term to about 1e-13 relative for n up to 10^6.

const MINLOG = -708.3964185322641; // cephes MINLOG: log of the smallest normal double
const MAX_COMPUTE_N = 1_000_000;
const UPPER_MAX_TERMS = 3;
const UPPERSUM_MIN_N = 10;
const EPS = Number.EPSILON;
const LN_2PI = Math.log(2 * Math.PI);
const HALF_LN_2PI = 0.5 * LN_2PI;

/** smirnovSf(n, x): P(D+_n >= x) for the one-sided one-sample KS statistic with n observations. */
export function smirnovSf(n: number, x: number): number {
  if (!(Number.isInteger(n) && n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;

  const { floor: nxfl, alpha } = splitProduct(n, x);

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    // x <= 1/n: P(D+ < x) = x (1 + x)^(n-1).
    return clamp01(1 - x * Math.exp((n - 1) * Math.log1p(x)));
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return clamp01((1 - x) ** n); // 1 - x is exact here (Sterbenz)
  if (n > MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return clamp01(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }

  // Terms v = 0..lastLower are the lower sum; with alpha == 0 the term v = n - nxfl vanishes.
  const lastLower = n - nxfl - 1;
  const firstUpper = n - nxfl + (alpha === 0 ? 1 : 0);
  const upperTerms = n - firstUpper + 1;
  const useUpper =
    (upperTerms <= 1 && x < 0.5) ||
    (n >= UPPERSUM_MIN_N && upperTerms <= UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n));
  return clamp01(
    useUpper ? 1 - upperSum(n, x, nxfl, alpha, upperTerms) : lowerSum(n, x, nxfl, alpha, lastLower),
  );
}

// sum_{v=0}^{last} x/p dbinom(v; n, p) with p = x + v/n; all terms are positive. Stops, as scipy
// does, once the remaining terms cannot reach the last bit of the sum.
function lowerSum(n: number, x: number, nxfl: number, alpha: number, last: number): number {
  const nx = nxfl + alpha;
  const stirlerrN = stirlerr(n);
  const terms = last + 1;
  const vmid = Math.floor(n / 2);
  let sum = Math.exp(n * Math.log1p(-x)); // v = 0: (1 - x)^n
  let compensation = 0;
  for (let v = 1; v < terms; v++) {
    const np = v + nxfl + alpha;
    const nq = n - v - nxfl - alpha;
    const w = n - v;
    const exponent =
      stirlerrN -
      stirlerr(v) -
      stirlerr(w) -
      bd0(v, np) -
      bd0(w, nq) -
      HALF_LN_2PI -
      0.5 * (Math.log(v) + Math.log1p(-v / n));
    const term = (Math.exp(exponent) * nx) / np;
    if (term !== 0 && Number.isFinite(term)) {
      // Neumaier's compensated sum: up to 10^6 positive terms.
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
      if (4 * (terms - v) * term < EPS * sum) break;
    } else if (v > vmid) {
      break;
    }
  }
  return sum + compensation;
}

// The alternating upper sum over v = n, n-1, ..., at most three terms, used only for small n x.
function upperSum(n: number, x: number, nxfl: number, alpha: number, terms: number): number {
  let sum = 0;
  let binomial = 1;
  for (let j = 0; j < terms; j++) {
    const v = n - j;
    const a = (nxfl + alpha + v) / n; // x + v/n
    const b = (j - nxfl - alpha) / n; // 1 - x - v/n, negative here
    sum += binomial * a ** (v - 1) * b ** (n - v);
    binomial = (binomial * (n - j)) / (j + 1);
  }
  return x * sum;
}

// n * x = floor + alpha exactly (to double precision in alpha), by Dekker's error-free product.
function splitProduct(n: number, x: number): { floor: number; alpha: number } {
  const hi = n * x;
  const SPLIT = 134217729; // 2^27 + 1
  const nc = SPLIT * n;
  const nh = nc - (nc - n);
  const nl = n - nh;
  const xc = SPLIT * x;
  const xh = xc - (xc - x);
  const xl = x - xh;
  const lo = nh * xh - hi + nh * xl + nl * xh + nl * xl;
  let floor = Math.floor(hi);
  let alpha = hi - floor + lo;
  if (alpha < 0) {
    floor -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    floor += 1;
    alpha = 0;
  }
  return { floor, alpha };
}

// log(k!) - log(sqrt(2 pi k) (k/e)^k) for integers k >= 0: exact values to k = 15, then the Stirling
// series with as many terms as double precision needs (Loader 2000, as in R's stirlerr).
const STIRLERR = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
  0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475,
  0.005554733551962801,
];
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

function stirlerr(k: number): number {
  if (k <= 15) return STIRLERR[k]!;
  const kk = k * k;
  if (k > 500) return (S0 - S1 / kk) / k;
  if (k > 80) return (S0 - (S1 - S2 / kk) / kk) / k;
  if (k > 35) return (S0 - (S1 - (S2 - S3 / kk) / kk) / kk) / k;
  return (S0 - (S1 - (S2 - (S3 - S4 / kk) / kk) / kk) / kk) / k;
}

// Deviance term x log(x / m) + m - x, by its series when x is close to m (Loader 2000).
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

function clamp01(p: number): number {
  return p < 0 ? 0 : Math.min(p, 1);
}
