// The few d3 7.9 functions the chart layouts use, typed here because d3 ships no types and @types/d3 is not
// installed. Delete this file if @types/d3 is added to devDependencies.
declare module 'd3' {
  interface ContinuousScale {
    (value: number): number;
    invert(value: number): number;
    domain(): number[];
    domain(d: readonly number[]): this;
    range(): number[];
    range(r: readonly number[]): this;
    nice(count?: number): this;
    clamp(c: boolean): this;
    ticks(count?: number): number[];
    tickFormat(count?: number, specifier?: string): (d: number) => string;
    copy(): this;
  }
  export type ScaleLinear = ContinuousScale;
  export type ScaleLogarithmic = ContinuousScale & { base(b: number): ScaleLogarithmic };
  export interface ScaleBand<D> {
    (value: D): number | undefined;
    domain(): D[];
    domain(d: readonly D[]): this;
    range(r: readonly [number, number]): this;
    padding(p: number): this;
    paddingInner(p: number): this;
    paddingOuter(p: number): this;
    round(r: boolean): this;
    bandwidth(): number;
    step(): number;
  }
  export function scaleLinear(domain?: readonly number[], range?: readonly number[]): ScaleLinear;
  export function scaleLog(domain?: readonly number[], range?: readonly number[]): ScaleLogarithmic;
  export function scaleBand<D = string>(domain?: readonly D[], range?: readonly [number, number]): ScaleBand<D>;
  export function format(specifier: string): (n: number) => string;
  export interface Line<T> {
    (data: Iterable<T>): string | null;
    x(x: (d: T, i: number) => number): this;
    y(y: (d: T, i: number) => number): this;
    defined(def: (d: T, i: number) => boolean): this;
  }
  export function line<T>(): Line<T>;
}
