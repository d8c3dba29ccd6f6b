import { DIGIT_GRID } from './digit-features.ts';
import { DIGIT_MODEL } from './digit-model.ts';

/** A small multilayer perceptron: grid² inputs → hidden (ReLU) → 10 digits (softmax). */
export interface DigitNetwork {
  inputs: number;
  hidden: number;
  /** hidden × inputs, row-major. */
  w1: Float32Array;
  b1: Float32Array;
  /** 10 × hidden, row-major. */
  w2: Float32Array;
  b2: Float32Array;
}

/** Serialised form: weights quantised to int8 with one scale per layer, base64. */
export interface DigitModelFile {
  grid: number;
  hidden: number;
  w1: string;
  w1Scale: number;
  b1: number[];
  w2: string;
  w2Scale: number;
  b2: number[];
  /** How the model was made, for the record. */
  trainedOn: string;
}

let network: DigitNetwork | null = null;

/**
 * Class probabilities (index = digit) of one normalised digit. The model was trained on digits
 * rendered in handwriting-like and printed fonts with random distortions
 * (digit-model.train.ts); tesseract's LSTM models, trained on print, read isolated handwritten
 * digits poorly.
 */
export function classifyDigit(features: Float32Array): Float32Array {
  network ??= decodeModel(DIGIT_MODEL);
  return forward(network, features).probabilities;
}

export function forward(
  net: DigitNetwork,
  input: Float32Array,
): { hidden: Float32Array; probabilities: Float32Array } {
  const hidden = new Float32Array(net.hidden);
  for (let h = 0; h < net.hidden; h++) {
    let sum = net.b1[h]!;
    const row = h * net.inputs;
    for (let i = 0; i < net.inputs; i++) {
      sum += net.w1[row + i]! * input[i]!;
    }
    hidden[h] = sum > 0 ? sum : 0;
  }
  const logits = new Float32Array(10);
  let max = -Infinity;
  for (let k = 0; k < 10; k++) {
    let sum = net.b2[k]!;
    const row = k * net.hidden;
    for (let h = 0; h < net.hidden; h++) {
      sum += net.w2[row + h]! * hidden[h]!;
    }
    logits[k] = sum;
    max = Math.max(max, sum);
  }
  let total = 0;
  for (let k = 0; k < 10; k++) {
    logits[k] = Math.exp(logits[k]! - max);
    total += logits[k]!;
  }
  for (let k = 0; k < 10; k++) {
    logits[k] = logits[k]! / total;
  }
  return { hidden, probabilities: logits };
}

export function decodeModel(file: DigitModelFile): DigitNetwork {
  const inputs = file.grid * file.grid;
  if (file.grid !== DIGIT_GRID) {
    throw new Error(`digit model grid ${file.grid} does not match the feature grid ${DIGIT_GRID}`);
  }
  return {
    inputs,
    hidden: file.hidden,
    w1: dequantize(file.w1, file.w1Scale),
    b1: Float32Array.from(file.b1),
    w2: dequantize(file.w2, file.w2Scale),
    b2: Float32Array.from(file.b2),
  };
}

export function encodeModel(net: DigitNetwork, trainedOn: string): DigitModelFile {
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  const w1 = quantize(net.w1);
  const w2 = quantize(net.w2);
  return {
    grid: DIGIT_GRID,
    hidden: net.hidden,
    w1: w1.data,
    w1Scale: w1.scale,
    b1: Array.from(net.b1, round),
    w2: w2.data,
    w2Scale: w2.scale,
    b2: Array.from(net.b2, round),
    trainedOn,
  };
}

function quantize(values: Float32Array): { data: string; scale: number } {
  let max = 0;
  for (const v of values) {
    max = Math.max(max, Math.abs(v));
  }
  const scale = max / 127 || 1;
  const bytes = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    bytes[i] = Math.round(values[i]! / scale);
  }
  return { data: Buffer.from(bytes.buffer).toString('base64'), scale };
}

function dequantize(data: string, scale: number): Float32Array {
  const buffer = Buffer.from(data, 'base64');
  const bytes = new Int8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return Float32Array.from(bytes, (b) => b * scale);
}
