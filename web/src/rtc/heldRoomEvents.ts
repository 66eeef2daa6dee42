/**
 * The room's roster events (someone arriving, changing, leaving) that reach us while our join or
 * rejoin is on its way. The server puts us in the room before it answers, so they can come
 * before the answer; and the answer lists who was there when we arrived, not who came since.
 * Applied at once, an arrival was lost: before the answer nobody is in a call to show it to, and
 * a rejoin's answer without them said they were gone (docs/protocol.md, "Join"). Held, they
 * follow the answer, in the order they came.
 */
export class HeldRoomEvents {
  private held: (() => void)[] = [];
  private holds = 0;
  /** Counts drops, so that a hold taken before one releases nothing. */
  private generation = 0;

  /** Holds the events from now on; the returned function ends this hold (once). */
  hold(): () => void {
    this.holds += 1;
    const generation = this.generation;
    let done = false;
    return () => {
      if (done || generation !== this.generation) return;
      done = true;
      this.holds -= 1;
      if (this.holds === 0) this.flush();
    };
  }

  /** Runs `event` now, or once no hold is left. */
  run(event: () => void): void {
    if (this.holds > 0) this.held.push(event);
    else event();
  }

  /** The call ended or the join failed: the held events are forgotten, every hold ends. */
  drop(): void {
    this.held = [];
    this.holds = 0;
    this.generation += 1;
  }

  private flush(): void {
    const held = this.held;
    this.held = [];
    for (const event of held) event();
  }
}
