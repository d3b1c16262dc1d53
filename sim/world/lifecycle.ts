import { type Kernel, KernelInvariantError } from '../kernel/kernel.js';
import type { Micros } from '../kernel/time.js';
import type { TimerEvent, WorldEvent } from './events.js';
import { ModelError, type NodeContext } from './model.js';
import { describe, type NodeRuntime } from './node-runtime.js';
import type { MetricsRecorder } from './metrics.js';
import type { Tracer } from './tracer.js';
import type { Transport } from './transport.js';

/**
 * What runs on a node and when it may: boot, timers firing, pause and resume (what came due
 * while frozen runs at the resume instant, in order), crash (volatile state, timers, queued
 * messages and unsynced writes lost; a new incarnation) and restart. Every call into a model
 * goes through `invoke`, so a throw names the node, the virtual time and the event.
 */
export class Lifecycle {
  constructor(
    private readonly kernel: Kernel<WorldEvent>,
    private readonly tracer: Tracer,
    private readonly transport: Transport,
    private readonly contextFor: (node: NodeRuntime, incarnation: number) => NodeContext,
    private readonly dispatch: (e: WorldEvent) => void,
    private readonly metrics: MetricsRecorder,
  ) {}

  start(node: NodeRuntime): void {
    if (!node.up) return; // crashed before it booted: a restart boots it
    if (node.pauseDepth > 0) {
      node.backlog.push({ k: 'start', node: node.idx });
      return;
    }
    this.tracer.start(node.idx);
    node.behaviour = node.model(this.contextFor(node, node.incarnation));
    const b = node.behaviour;
    if (b.onStart) this.invoke(node, 'start', () => b.onStart!());
  }

  fireTimer(node: NodeRuntime, e: TimerEvent): void {
    if (e.cancelled || e.incarnation !== node.incarnation || !node.up) return;
    if (node.pauseDepth > 0) {
      node.backlog.push(e);
      return;
    }
    node.timers.delete(e.id);
    this.tracer.timer(e.node, e.id, e.payload);
    // Called directly, not through `invoke`: no closure a timer, and the label (a JSON of the
    // payload) is built only when a ModelError needs it.
    const fn = e.fn;
    const b = node.behaviour;
    if (fn === undefined && b.onTimer === undefined) return;
    try {
      if (fn !== undefined) fn();
      else b.onTimer!(e.payload, e.id);
    } catch (err) {
      if (err instanceof ModelError || err instanceof KernelInvariantError) throw err;
      throw new ModelError(node.id, this.kernel.now, fn !== undefined ? `timer #${e.id}` : `timer #${e.id} (${describe(e.payload)})`, err);
    }
  }

  stepClock(node: NodeRuntime, by: Micros): void {
    node.clock.step(by);
    this.tracer.clockStep(node.idx, by);
  }

  /** Freezes the node (pauses nest); false when it is down, so there is nothing to resume. */
  pause(node: NodeRuntime, reason: string, fault: number): boolean {
    if (!node.up) return false;
    if (node.pauseDepth++ > 0) return true;
    node.pausedAt = this.kernel.now;
    this.tracer.pause(node.idx, reason, fault);
    return true;
  }

  resume(node: NodeRuntime): void {
    if (node.pauseDepth === 0 || --node.pauseDepth > 0) return;
    this.tracer.resume(node.idx, this.kernel.now - node.pausedAt);
    // What came due while frozen runs now, in order, at the resume instant; a handler that
    // pauses or crashes the node again stops the rest, which stays queued or is lost.
    const backlog = node.backlog.splice(0);
    for (let i = 0; i < backlog.length; i++) {
      if (node.pauseDepth > 0 || !node.up) {
        if (node.up) node.backlog.unshift(...backlog.slice(i));
        return;
      }
      this.dispatch(backlog[i]!);
    }
  }

  /** Takes the node down; false when it was down already (so its end restarts nothing). */
  crash(node: NodeRuntime, fault: number): boolean {
    if (!node.up) return false;
    node.up = false;
    this.stop(node);
    node.behaviour = {};
    this.tracer.crash(node.idx, node.disk.loseUnsynced(), fault);
    return true;
  }

  /** Ends the running incarnation: its pause, timers and queued messages are gone (its disk is the caller's call). */
  private stop(node: NodeRuntime): void {
    // A process that is gone has no queue and no busy workers: its gauges read 0 until it sets them again.
    this.metrics.zeroGauges(node.idx);
    node.pauseDepth = 0;
    node.incarnation++;
    for (const t of node.timers.values()) t.cancelled = true;
    node.timers.clear();
    for (const e of node.backlog) if (e.k === 'deliver') this.transport.drop(e.from, e.to, e.id, 'node-down');
    node.backlog.length = 0;
  }

  /**
   * A rollout: the node stops (volatile state, timers and queued messages lost; a graceful stop,
   * so its disk is kept as it is) and starts at once running `version`, booting as after a crash
   * (`onRecover`, else `onStart`). A node that is down gets the version when it restarts.
   * `cause`: the fault occurrence that deployed, or the controller node's index as -(index + 1).
   */
  deploy(node: NodeRuntime, version: string, cause: number): void {
    const model = node.version(version);
    if (model === undefined) throw new Error(`node '${node.id}' has no version '${version}' to deploy`);
    node.model = model;
    node.conditions.setVersion(version);
    this.tracer.deploy(node.idx, version, cause);
    if (!node.up) return;
    this.stop(node);
    node.behaviour = node.model(this.contextFor(node, node.incarnation));
    const b = node.behaviour;
    const boot = b.onRecover ?? b.onStart;
    if (boot) this.invoke(node, `start of version ${version}`, () => boot.call(b));
  }

  restart(node: NodeRuntime): void {
    if (node.up) return;
    node.up = true;
    this.tracer.restart(node.idx);
    node.behaviour = node.model(this.contextFor(node, node.incarnation));
    const b = node.behaviour;
    const boot = b.onRecover ?? b.onStart;
    if (boot) this.invoke(node, 'recover', () => boot.call(b));
  }

  /** Tells a running node its conditions changed (a paused or down node finds out when it next runs). */
  conditionsChanged(node: NodeRuntime): void {
    const b = node.behaviour;
    if (!node.up || node.pauseDepth > 0 || b.onConditions === undefined) return;
    this.invoke(node, 'a change of its service conditions', () => b.onConditions!());
  }

  invoke(node: NodeRuntime, handling: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // A broken engine invariant met while the model ran is faultline's bug, not the model's.
      if (err instanceof ModelError || err instanceof KernelInvariantError) throw err;
      throw new ModelError(node.id, this.kernel.now, handling, err);
    }
  }
}
