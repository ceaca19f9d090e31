// Brings a run's result into view when it arrives, as someone who pressed Run and watched the progress expects: on
// a laptop or a projector the result lands below the fold. Not when they scrolled elsewhere while it ran (they are
// reading something else, and a jump would lose their place), and not when it is already in sight.
//
// Example: Run pressed with the page scrolled to 1,400 px; 8 s later the result's heading is at 900 px in a window
// 768 px high, the page still at 1,400 -> scroll the heading to the top. Had the reader scrolled to 0 meanwhile: stay.

/** How far (CSS px) the page may have moved during the run and still count as not scrolled by the reader. */
const STILL = 48;

/**
 * Whether to bring the result into view: the page is where it was when the run started (`startY`, `nowY`), and
 * the result's top (`top`, relative to the viewport) is not already in the upper 60% of a viewport `height` high.
 * Example: (1400, 1400, 900, 768) -> true; (1400, 0, 900, 768) -> false; (1400, 1400, 200, 768) -> false.
 */
export function shouldFollow(startY: number, nowY: number, top: number, height: number): boolean {
  if (Math.abs(nowY - startY) > STILL) return false;
  return top < 0 || top > height * 0.6;
}

/**
 * One per view: `started()` when a run starts, `arrived(element)` once its result is in the page. The element's h2
 * with tabindex="-1" takes the focus from Run when the result is brought into view.
 */
export class ResultFollower {
  #startY: number | null = null;

  started(): void {
    this.#startY = window.scrollY;
  }

  arrived(target: HTMLElement | null | undefined): void {
    const startY = this.#startY;
    this.#startY = null;
    if (startY === null || !target) return;
    if (!shouldFollow(startY, window.scrollY, target.getBoundingClientRect().top, window.innerHeight)) return;
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({ behavior: still ? 'auto' : 'smooth', block: 'start' });
    // Focus left on Run (or on nothing) would now be off screen, and the next Tab would jump back up: it goes to the
    // result's heading instead, where the reader's eyes went.
    const active = document.activeElement;
    const heading = target.querySelector<HTMLElement>('h2[tabindex="-1"]');
    if (heading && (!active || active === document.body || (active instanceof HTMLButtonElement && !target.contains(active)))) heading.focus({ preventScroll: true });
  }
}
