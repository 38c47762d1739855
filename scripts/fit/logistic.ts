// Logistic regression with L2 regularisation, fitted by Newton's method (IRLS) on soft labels in [0, 1].

export interface Fitted {
  bias: number;
  weights: number[];
}

/** Solve A x = b for a small symmetric positive definite A (Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/**
 * Fit P(y=1|x) = σ(b + w·x). `rows` are feature vectors, `labels` in [0, 1], `sampleWeights` give each row's weight
 * (so that every question counts the same however many candidates it has). `l2` penalises the weights, not the bias.
 */
export function fitLogistic(rows: number[][], labels: number[], sampleWeights: number[], l2 = 1, iterations = 30): Fitted {
  const d = rows[0]?.length ?? 0;
  let beta = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < rows.length; i++) {
      const x = [1, ...rows[i]!];
      let z = 0;
      for (let j = 0; j <= d; j++) z += beta[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const w = sampleWeights[i]!;
      const r = (p - labels[i]!) * w;
      const s = p * (1 - p) * w;
      for (let j = 0; j <= d; j++) {
        if (x[j] === 0) continue;
        grad[j]! += r * x[j]!;
        for (let k = j; k <= d; k++) if (x[k] !== 0) hess[j]![k]! += s * x[j]! * x[k]!;
      }
    }
    for (let j = 0; j <= d; j++) for (let k = 0; k < j; k++) hess[j]![k] = hess[k]![j]!;
    for (let j = 1; j <= d; j++) {
      grad[j]! += l2 * beta[j]!;
      hess[j]![j]! += l2;
    }
    hess[0]![0]! += 1e-6;
    const step = solve(hess, grad);
    const next = beta.map((b, j) => b - step[j]!);
    const change = Math.max(...step.map(Math.abs));
    beta = next;
    if (change < 1e-6) break;
  }
  return { bias: beta[0]!, weights: beta.slice(1) };
}

export function predict(model: Fitted, x: number[]): number {
  let z = model.bias;
  for (let j = 0; j < x.length; j++) z += model.weights[j]! * x[j]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fit a conditional logit ranker: for each group (a question's candidates), P(c) = exp(w·x_c) / Σ exp(w·x_c'),
 * matched to target shares (the candidates' labels normalised). Only groups with some positive label teach it.
 */
export function fitRanker(groups: Array<{ rows: number[][]; labels: number[] }>, l2 = 1, iterations = 40): number[] {
  const d = groups.find((g) => g.rows.length)?.rows[0]?.length ?? 0;
  let w = new Array<number>(d).fill(0);
  const loss = (v: number[]) => {
    let total = 0;
    for (const g of groups) {
      const sum = g.labels.reduce((a, b) => a + b, 0);
      if (sum <= 0 || g.rows.length < 2) continue;
      const scores = g.rows.map((x) => x.reduce((z, xv, j) => z + xv * v[j]!, 0));
      const max = Math.max(...scores);
      const log = max + Math.log(scores.reduce((a, sc) => a + Math.exp(sc - max), 0));
      g.labels.forEach((y, c) => (total -= (y / sum) * (scores[c]! - log)));
    }
    return total + (l2 / 2) * v.reduce((a, x) => a + x * x, 0);
  };
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const g of groups) {
      const total = g.labels.reduce((a, b) => a + b, 0);
      if (total <= 0 || g.rows.length < 2) continue;
      const scores = g.rows.map((x) => x.reduce((z, v, j) => z + v * w[j]!, 0));
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      const p = exps.map((e) => e / sum);
      const mean = new Array<number>(d).fill(0);
      g.rows.forEach((x, c) => {
        const t = g.labels[c]! / total;
        for (let j = 0; j < d; j++) {
          mean[j]! += p[c]! * x[j]!;
          grad[j]! -= t * x[j]!;
        }
      });
      for (let j = 0; j < d; j++) grad[j]! += mean[j]!;
      g.rows.forEach((x, c) => {
        const pc = p[c]!;
        if (pc < 1e-9) return;
        for (let j = 0; j < d; j++) {
          if (x[j] === 0 && mean[j] === 0) continue;
          const a = x[j]! - mean[j]!;
          for (let k = j; k < d; k++) hess[j]![k]! += pc * a * (x[k]! - mean[k]!);
        }
      });
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hess[j]![k] = hess[k]![j]!;
    for (let j = 0; j < d; j++) {
      grad[j]! += l2 * w[j]!;
      hess[j]![j]! += l2;
    }
    const step = solve(hess, grad);
    // Damped Newton: halve the step until the loss goes down (features can be nearly collinear).
    const before = loss(w);
    let scale = 1;
    let next = w.map((v, j) => v - step[j]!);
    while (scale > 1e-4 && !(loss(next) <= before)) {
      scale /= 2;
      next = w.map((v, j) => v - scale * step[j]!);
    }
    if (scale <= 1e-4) break;
    w = next;
    if (Math.max(...step.map(Math.abs)) * scale < 1e-6) break;
  }
  return w;
}
