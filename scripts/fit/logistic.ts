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
