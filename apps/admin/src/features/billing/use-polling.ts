import { onBeforeUnmount, watch } from "vue";

/** Calls `tick` every `intervalMs` while `active()` holds, and never after unmount. */
export function usePolling(active: () => boolean, tick: () => void, intervalMs: number): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  watch(
    active,
    (on) => {
      if (on && timer === undefined) timer = setInterval(tick, intervalMs);
      else if (!on) stop();
    },
    { immediate: true },
  );
  onBeforeUnmount(stop);
}
