/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.server.supervision;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;

/**
 * A small task that re-schedules itself on one event loop every interval and measures the
 * loop: its lag (how late the task ran), its utilization (the loop thread's CPU time over
 * wall time since the last run) and its heartbeat (when it last ran). A loop that is
 * blocked or busy with one long task cannot run the probe, so its heartbeat ages: that is
 * how a stall is seen from outside.
 * <p>
 * Costs one scheduled task per interval per loop and a CPU-time read, nothing per
 * request. Fields written on the loop, read from any thread.
 *
 * @author reuseport team
 */
final class EventLoopProbe implements Runnable {

	private static final int WINDOW = 16;

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final EventExecutor loop;

	private final long intervalNanos;

	private final long[] lags = new long[WINDOW];

	private int next;

	private long expectedAt;

	private long lastCpu = -1;

	private long lastWall;

	private volatile long lastBeat;

	private volatile long recentMaxLag;

	private volatile double utilization = Double.NaN;

	private volatile boolean stopped;

	private volatile @Nullable Thread thread;

	EventLoopProbe(EventExecutor loop, long intervalNanos) {
		this.loop = loop;
		this.intervalNanos = intervalNanos;
		this.lastBeat = System.nanoTime();
		this.expectedAt = this.lastBeat + intervalNanos;
	}

	void start() {
		this.loop.schedule(this, this.intervalNanos, TimeUnit.NANOSECONDS);
	}

	void stop() {
		this.stopped = true;
	}

	@Override
	public void run() {
		if (this.stopped) {
			return;
		}
		this.thread = Thread.currentThread();
		long now = System.nanoTime();
		this.lags[this.next] = Math.max(0, now - this.expectedAt);
		this.next = (this.next + 1) % WINDOW;
		long max = 0;
		for (long lag : this.lags) {
			max = Math.max(max, lag);
		}
		this.recentMaxLag = max;
		measureUtilization(now);
		this.lastBeat = now;
		this.expectedAt = now + this.intervalNanos;
		if (!this.loop.isShuttingDown()) {
			this.loop.schedule(this, this.intervalNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void measureUtilization(long now) {
		long cpu = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
		if (cpu >= 0 && this.lastCpu >= 0 && now > this.lastWall) {
			this.utilization = Math.min(1.0, (double) (cpu - this.lastCpu) / (now - this.lastWall));
		}
		this.lastCpu = cpu;
		this.lastWall = now;
	}

	/**
	 * Return the largest lag of the recent probes, or how overdue the next probe is if
	 * that is larger.
	 * @param now the current {@link System#nanoTime()}
	 * @return the lag in nanoseconds
	 */
	long lagNanos(long now) {
		return Math.max(this.recentMaxLag, now - this.expectedAt);
	}

	/**
	 * Return the fraction of the last interval the loop thread spent on the CPU.
	 * @return the utilization from 0 to 1, or NaN before the second probe
	 */
	double utilization() {
		return this.utilization;
	}

	/**
	 * Return the loop's thread, once the probe has run on it.
	 * @return the thread, or {@code null}
	 */
	@Nullable Thread thread() {
		return this.thread;
	}

	/**
	 * Return how long ago the probe last ran.
	 * @param now the current {@link System#nanoTime()}
	 * @return the heartbeat age in nanoseconds
	 */
	long silenceNanos(long now) {
		return now - this.lastBeat;
	}

}
