// The two-sided one-sample Kolmogorov-Smirnov distribution for finite n: P(D_n >= d), scipy's
// stats.kstwo.sf(d, n), which ks_2samp's asymptotic branch evaluates at n = round(n1 n2 / (n1 + n2)).
//
// Simard & L'Ecuyer's selection of exact and approximate methods, with scipy's cut-offs:
// - Ruben & Gambino's closed forms for d <= 1/n and d >= 1 - 1/n;
// - d >= 0.5: exactly twice the one-sided tail (the two one-sided events are disjoint);
// - n <= 140: Durbin's matrix (Marsaglia-Tsang-Wang) for n d^2 <= 0.754693, Pomeranz's recursion
//   for n d^2 <= 4, twice the one-sided tail beyond (Miller's approximation);
// - n > 140: twice the one-sided tail for n d^2 >= 2.2 (0 from 370 on), otherwise 1 - CDF with the
//   CDF from Durbin's matrix (n <= 10^5, n d^1.5 <= 1.4) or the Pelz-Good expansion.
// References: Simard, R., L'Ecuyer, P. (2011) "Computing the two-sided Kolmogorov-Smirnov
// distribution", J. Stat. Software 39(11); Durbin (1968); Marsaglia, Tsang, Wang (2003) "Evaluating
// Kolmogorov's distribution", J. Stat. Software 8(18); Pomeranz (1974) CACM Algorithm 487; Pelz &
// Good (1976) JRSS B 38(2); Ruben & Gambino (1982).
import { smirnovSf } from './smirnovSf.ts';

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const LN_2PI = Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT3 = Math.sqrt(3);
const MIN_LOG = -708;

/** kstwoSf(d, n): P(D_n >= d) for the two-sided KS statistic of n observations (n a positive integer). */
export function kstwoSf(d: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 1) || Number.isNaN(d)) return Number.NaN;
  if (d >= 1) return 0;
  // Below the support's lower end 1/(2n) the statistic is certain to be at least d.
  if (d <= 0.5 / n) return 1;
  const t = n * d;
  if (t <= 1) {
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      const base = 2 * t - 1;
      const rn = 1 / n;
      for (let i = 1; i <= n; i++) cdf *= i * rn * base;
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clamp01(1 - cdf);
  }
  if (t >= n - 1) return clamp01(2 * (1 - d) ** n);
  if (d >= 0.5) return clamp01(2 * smirnovSf(n, d));
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 0.754693) return clamp01(1 - durbinCdf(n, d));
    if (nd2 <= 4) return clamp01(1 - pomeranzCdf(n, d));
    return clamp01(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clamp01(2 * smirnovSf(n, d));
  const cdf = n <= 100000 && n * d ** 1.5 <= 1.4 ? durbinCdf(n, d) : pelzGoodCdf(n, d);
  return clamp01(1 - cdf);
}

// log(n! / n^n) by Stirling's series with n log n taken out first (no cancellation).
// Coefficients B_2j / (2j (2j - 1)) for j = 8..1 (Bernoulli numbers), highest first.
const STIRLING = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const z = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * z + c;
  return Math.log(n) / 2 - n + LN_2PI / 2 + rn * poly;
}

// Durbin's matrix: P(D_n < d) = n!/n^n (H^n)_{kk} with d = (k - h)/n, H of order 2k - 1; powers by
// squaring, rescaled by 2^128 to stay in range (Marsaglia, Tsang & Wang 2003).
function durbinCdf(n: number, d: number): number {
  const nd = n * d;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1]!;
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let P: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  // Each product goes to the spare matrix, which then swaps with the factor it replaces.
  let spare: Float64Array = new Float64Array(m * m);
  let exponent = 0;
  let hExponent = 0;
  const kk = (k - 1) * m + (k - 1);
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2) {
      const product = matmul(P, H, m, spare);
      spare = P;
      P = product;
      exponent += hExponent;
    }
    const square = matmul(H, H, m, spare);
    spare = H;
    H = square;
    hExponent *= 2;
    if (Math.abs(H[kk]!) > E128) {
      for (let i = 0; i < m * m; i++) H[i]! /= E128;
      hExponent += 128;
    }
  }
  let p = P[kk]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      exponent -= 128;
    }
  }
  return ldexp(p, exponent);
}

/** a · b (m × m) into `out`, which must be neither a nor b. */
function matmul(a: Float64Array, b: Float64Array, m: number, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += ail * b[l * m + j]!;
    }
  }
  return out;
}

// Pomeranz's recursion: rows of convolutions with (almost) Poisson weights, two rows kept, each only
// over the window of indices that can be non-zero.
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let q = 1; q < npwrs; q++) {
    gpower[q] = (gpower[q - 1]! * gOverN) / q;
    twogpower[q] = (twogpower[q - 1]! * twoGOverN) / q;
    onem2gpower[q] = (onem2gpower[q - 1]! * oneMinusTwoGOverN) / q;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      const start = k1 - V0s;
      const la = Math.max(0, Math.min(start + ln2, npwrs) - start);
      const lb = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let max = 0;
      for (let q = 0; q < convLen; q++) {
        // Entry convStart + q of the full convolution of V0[start..start+la) with pwrs[0..lb).
        const r = convStart + q;
        let s = 0;
        for (let a = Math.max(0, r - lb + 1); a <= Math.min(r, la - 1); a++)
          s += V0[start + a]! * pwrs[r - a]!;
        V1[q] = s;
        if (s > max) max = s;
      }
      if (max > 0 && max < EM128) {
        for (let q = 0; q < npwrs; q++) V1[q]! *= E128;
        exponent -= 128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s]!;
  for (let q = 1; q <= n; q++) {
    if (Math.abs(ans) > E128) {
      ans *= EM128;
      exponent += 128;
    }
    ans *= q;
  }
  return ldexp(ans, exponent);
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

// Pelz & Good: the Li-Chien/Korolyuk expansion K0 + K1/sqrt(n) + K2/n + K3/n^1.5 in z = d sqrt(n),
// with each K transformed by Jacobi's theta identity into sums that converge fast for small z.
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  let K0 = 0;
  let K1 = 0;
  let K2 = 0;
  let K3 = 0;
  const maxk = Math.ceil((16 * z) / Math.PI);
  // Horner over odd m = 2k - 1 of c_m q^(m^2).
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = q ** (8 * k);
    K0 = K0 * qpower + 1;
    K1 = K1 * qpower + (k1a + k1b * m2);
    K2 = K2 * qpower + (k2a + k2b * m2 + k2c * m4);
    K3 = K3 * qpower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const scale = q * SQRT_2PI;
  K0 = (K0 * scale) / z;
  K1 = (K1 * scale) / (6 * z4);
  K2 = (K2 * scale) / (72 * z ** 7);
  K3 = (K3 * scale) / (6480 * z ** 10);
  // The extra terms of K2 and K3, summed over all integers k.
  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    const kpi = Math.PI * k;
    k2extra += k2 * qp;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K2 += (k2extra * PI2 * SQRT_2PI) / (-36 * z3);
  K3 += (k3extra * PI2 * SQRT_2PI) / (216 * z6);
  return K0 + K1 / Math.sqrt(n) + K2 / n + K3 / n ** 1.5;
}

function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

function clamp01(p: number): number {
  return p < 0 ? 0 : Math.min(p, 1);
}
