/*
 * Trains the bút lục digit classifier and writes digit-model.ts.
 *
 *   apt-get install fonts-dejavu fonts-liberation2 fonts-humor-sans fonts-dkg-handwriting \
 *     fonts-breip fonts-bwht fonts-femkeklaver fonts-klee fonts-rufscript
 *   npx tsx packages/processing/src/butluc/digit-model.train.ts [--validate]
 *
 * Data: each digit rendered once per font (printed fonts of numbering machines and typewriters,
 * and handwriting fonts), then distorted at random (rotation, shear, width, scale down to 20 px,
 * stroke width, contrast, noise, blur) and normalised by the same digitFeatures as at run time.
 * With --validate, Humor Sans is first held out and the model scored on it (0.90 on distorted
 * glyphs when last run), before the final model is trained on every font. Deterministic (seeded),
 * ~5 minutes on one core. Only needed to change the model, never at run time.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { labelComponents } from '../page/components.ts';
import { digitFeatures } from './digit-features.ts';
import { encodeModel, forward, type DigitNetwork } from './digit-classifier.ts';

const PRINTED = [
  'DejaVu Sans',
  'DejaVu Sans Bold',
  'DejaVu Sans Mono',
  'DejaVu Sans Mono Bold',
  'DejaVu Serif',
  'DejaVu Serif Bold',
  'DejaVu Sans Oblique',
  'DejaVu Sans Condensed',
  'Liberation Sans',
  'Liberation Serif',
  'Liberation Mono',
  'Liberation Sans Bold',
];
const HANDWRITING = [
  'DkgHandwriting',
  'DkgHandwriting Bold',
  'DkgHandwriting Oblique',
  'Breip',
  'Because We Learn',
  'Because We Organize',
  'Because We Mentor',
  'Because We Connect',
  'Because We Build',
  'Because We Create',
  'femkeklaver',
  'Klee One',
  'Klee One SemiBold',
  'Rufscript',
];
const HELD_OUT = ['Humor Sans'];
const PER_GLYPH = 160;
const HIDDEN = 64;
const EPOCHS = 14;
const write = (line: string) => process.stdout.write(`${line}\n`);

interface Glyph {
  data: Float32Array;
  width: number;
  height: number;
}
interface Sample {
  x: Float32Array;
  y: number;
}

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function renderGlyph(font: string, digit: number): Promise<Glyph> {
  const { data, info } = await sharp({
    text: { text: String(digit), font: `${font} 40`, dpi: 144 },
  })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: Float32Array.from(data), width: info.width, height: info.height };
}

/** A random distortion of a glyph (darkness 0–255), on a canvas with room around it. */
function distort(
  glyph: Glyph,
  rand: () => number,
): { data: Uint8Array; width: number; height: number } {
  const gauss = () => (rand() + rand() + rand() - 1.5) * 1.4;
  const angle = (gauss() * 5 * Math.PI) / 180;
  const shear = gauss() * 0.15;
  const scale = 0.25 + rand() * 0.8;
  const sx = scale * (0.75 + rand() * 0.55);
  const sy = scale * (0.9 + rand() * 0.2);
  const size = Math.ceil(Math.max(glyph.width, glyph.height) * scale * 1.8) + 6;
  const out = new Float32Array(size * size);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Inverse of: scale, shear, rotate about the centres.
      const dx = x - size / 2;
      const dy = y - size / 2;
      const rx = cos * dx + sin * dy;
      const ry = -sin * dx + cos * dy;
      const u = (rx - shear * ry) / sx + glyph.width / 2;
      const v = ry / sy + glyph.height / 2;
      out[y * size + x] = bilinear(glyph, u, v);
    }
  }
  let img: Float32Array = out;
  const stroke = Math.floor(rand() * 4) - 1; // −1 … 2
  for (let k = 0; k < Math.abs(stroke); k++) {
    img = morph(img, size, stroke > 0 ? Math.max : Math.min);
  }
  if (rand() < 0.5) {
    img = morph(img, size, (...v: number[]) => v.reduce((a, b) => a + b, 0) / v.length);
  }
  const contrast = 0.45 + rand() * 0.55;
  const data = new Uint8Array(size * size);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.max(0, Math.min(255, img[i]! * contrast + gauss() * 10));
  }
  return { data, width: size, height: size };
}

function bilinear(g: Glyph, u: number, v: number): number {
  const x0 = Math.floor(u);
  const y0 = Math.floor(v);
  const fx = u - x0;
  const fy = v - y0;
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= g.width || y >= g.height ? 0 : g.data[y * g.width + x]!;
  return (
    at(x0, y0) * (1 - fx) * (1 - fy) +
    at(x0 + 1, y0) * fx * (1 - fy) +
    at(x0, y0 + 1) * (1 - fx) * fy +
    at(x0 + 1, y0 + 1) * fx * fy
  );
}

function morph(img: Float32Array, size: number, op: (...v: number[]) => number): Float32Array {
  const out = new Float32Array(img.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v: number[] = [];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = Math.min(size - 1, Math.max(0, x + dx));
          const yy = Math.min(size - 1, Math.max(0, y + dy));
          v.push(img[yy * size + xx]!);
        }
      }
      out[y * size + x] = op(...v);
    }
  }
  return out;
}

/** Features of a distorted glyph, segmented the way read-butluc segments a digit. */
function toSample(img: { data: Uint8Array; width: number; height: number }): Float32Array | null {
  const mask = Uint8Array.from(img.data, (v) => (v >= 70 ? 1 : 0));
  const { components, labels } = labelComponents({ mask, width: img.width, height: img.height });
  const largest = Math.max(0, ...components.map((c) => c.area));
  const kept = components.filter((c) => c.area >= Math.max(3, 0.05 * largest));
  if (kept.length === 0) {
    return null;
  }
  return digitFeatures({
    darkness: img.data,
    width: img.width,
    labelImage: labels,
    labels: new Set(kept.map((c) => c.id + 1)),
    box: {
      x0: Math.min(...kept.map((c) => c.x0)),
      y0: Math.min(...kept.map((c) => c.y0)),
      x1: Math.max(...kept.map((c) => c.x1)),
      y1: Math.max(...kept.map((c) => c.y1)),
    },
  });
}

async function makeSet(fonts: string[], perGlyph: number, seed: number): Promise<Sample[]> {
  const rand = mulberry32(seed);
  const samples: Sample[] = [];
  for (const font of fonts) {
    for (let digit = 0; digit <= 9; digit++) {
      const glyph = await renderGlyph(font, digit);
      for (let i = 0; i < perGlyph; i++) {
        const x = toSample(distort(glyph, rand));
        if (x !== null) {
          samples.push({ x, y: digit });
        }
      }
    }
  }
  return samples;
}

function train(samples: Sample[], seed: number): DigitNetwork {
  const rand = mulberry32(seed);
  const inputs = samples[0]!.x.length;
  const init = (n: number, fanIn: number) =>
    Float32Array.from({ length: n }, () => (rand() * 2 - 1) * Math.sqrt(6 / fanIn));
  const net: DigitNetwork = {
    inputs,
    hidden: HIDDEN,
    w1: init(HIDDEN * inputs, inputs),
    b1: new Float32Array(HIDDEN),
    w2: init(10 * HIDDEN, HIDDEN),
    b2: new Float32Array(10),
  };
  const params = [net.w1, net.b1, net.w2, net.b2];
  const m = params.map((p) => new Float32Array(p.length));
  const v = params.map((p) => new Float32Array(p.length));
  const grads = params.map((p) => new Float32Array(p.length));
  const batch = 32;
  let step = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const order = samples.map((_, i) => i).sort(() => rand() - 0.5);
    const lr = 0.002 * (epoch < EPOCHS - 4 ? 1 : 0.3);
    let loss = 0;
    for (let start = 0; start < order.length; start += batch) {
      grads.forEach((g) => g.fill(0));
      const end = Math.min(order.length, start + batch);
      for (let s = start; s < end; s++) {
        const { x, y } = samples[order[s]!]!;
        const { hidden, probabilities } = forward(net, x);
        loss -= Math.log(Math.max(1e-9, probabilities[y]!));
        const dHidden = new Float32Array(HIDDEN);
        for (let k = 0; k < 10; k++) {
          const d = probabilities[k]! - (k === y ? 1 : 0);
          grads[3]![k]! += d;
          for (let h = 0; h < HIDDEN; h++) {
            grads[2]![k * HIDDEN + h]! += d * hidden[h]!;
            dHidden[h]! += d * net.w2[k * HIDDEN + h]!;
          }
        }
        for (let h = 0; h < HIDDEN; h++) {
          if (hidden[h]! <= 0) {
            continue;
          }
          grads[1]![h]! += dHidden[h]!;
          const row = h * inputs;
          for (let i = 0; i < inputs; i++) {
            grads[0]![row + i]! += dHidden[h]! * x[i]!;
          }
        }
      }
      step++;
      const n = end - start;
      params.forEach((p, j) => {
        const g = grads[j]!;
        for (let i = 0; i < p.length; i++) {
          const gi = g[i]! / n + (j % 2 === 0 ? 1e-4 * p[i]! : 0);
          m[j]![i] = 0.9 * m[j]![i]! + 0.1 * gi;
          v[j]![i] = 0.999 * v[j]![i]! + 0.001 * gi * gi;
          const mh = m[j]![i]! / (1 - 0.9 ** step);
          const vh = v[j]![i]! / (1 - 0.999 ** step);
          p[i] = p[i]! - (lr * mh) / (Math.sqrt(vh) + 1e-8);
        }
      });
    }
    write(`epoch ${epoch + 1}: loss ${(loss / samples.length).toFixed(4)}`);
  }
  return net;
}

function accuracy(net: DigitNetwork, samples: Sample[]): number {
  let ok = 0;
  for (const { x, y } of samples) {
    const p = forward(net, x).probabilities;
    if (p.indexOf(Math.max(...p)) === y) {
      ok++;
    }
  }
  return ok / samples.length;
}

async function main() {
  const fonts = [...PRINTED, ...HANDWRITING];
  const trainSet = await makeSet(fonts, PER_GLYPH, 1);
  if (process.argv.includes('--validate')) {
    const heldOut = await makeSet(HELD_OUT, 60, 2);
    write(
      `train ${trainSet.length} samples from ${fonts.length} fonts; held out ${heldOut.length}`,
    );
    const probe = train(trainSet, 3);
    write(`held-out accuracy (${HELD_OUT.join(', ')}): ${accuracy(probe, heldOut).toFixed(4)}`);
  }
  const all = [...trainSet, ...(await makeSet(HELD_OUT, PER_GLYPH, 4))];
  const net = train(all, 5);
  write(`training accuracy: ${accuracy(net, all).toFixed(4)}`);
  const file = encodeModel(
    net,
    `${[...fonts, ...HELD_OUT].join(', ')}; ${PER_GLYPH} distortions each`,
  );
  const target = path.join(import.meta.dirname, 'digit-model.ts');
  writeFileSync(
    target,
    `// Generated by digit-model.train.ts: do not edit.\n` +
      `import type { DigitModelFile } from './digit-classifier.ts';\n\n` +
      `export const DIGIT_MODEL: DigitModelFile = ${JSON.stringify(file, null, 2)};\n`,
  );
  write(`wrote ${target}`);
}

await main();
