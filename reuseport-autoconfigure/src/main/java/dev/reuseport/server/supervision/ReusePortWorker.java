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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.server.connection.ConnectionBalancer;
import dev.reuseport.server.connection.DrainingConnections;
import dev.reuseport.server.connection.WorkerHandle;
import dev.reuseport.server.connection.WorkerStatistics;
import dev.reuseport.server.linux.ListenerEviction;
import dev.reuseport.server.linux.WorkerTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;

import org.springframework.boot.web.server.WebServer;

/**
 * One Reactor Netty server of a {@link ReusePortWebServer}: a listener on the shared port
 * with its own event loops and counters. A worker can be started, drained and stopped on
 * its own; a stopped worker cannot be started again (its loops are gone), so it is
 * replaced by a new one.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class ReusePortWorker {

	private static final Log logger = LogFactory.getLog(ReusePortWorker.class);

	static final Duration LOOP_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	private final int index;

	private final WorkerTransport transport;

	private final WebServer server;

	private final WorkerLoopResources loops;

	private final int threads;

	private final WorkerStatistics statistics;

	private volatile WorkerState state = WorkerState.STARTING;

	private volatile @Nullable Instant startedAt;

	private final Duration probeInterval;

	private final Duration stallThreshold;

	private final Duration drainWindow;

	private volatile List<EventLoopProbe> probes = List.of();

	private final int generation;

	private final WorkerHandle handle;

	private final ConnectionBalancer.@Nullable Member member;

	ReusePortWorker(int index, int generation, WorkerTransport transport, WebServer server, WorkerLoopResources loops,
			int threads, WorkerStatistics statistics, WorkerHandle handle, Duration probeInterval,
			Duration stallThreshold, Duration drainWindow, ConnectionBalancer.@Nullable Member member) {
		this.index = index;
		this.generation = generation;
		this.handle = handle;
		this.transport = transport;
		this.server = server;
		this.loops = loops;
		this.threads = threads;
		this.statistics = statistics;
		this.probeInterval = probeInterval;
		this.stallThreshold = stallThreshold;
		this.drainWindow = drainWindow;
		this.member = member;
	}

	/**
	 * Bind the listener and start serving.
	 * @throws org.springframework.boot.web.server.WebServerException if the bind fails
	 */
	void start() {
		this.server.start();
		this.startedAt = Instant.now();
		this.probes = this.loops.startProbes(this.probeInterval.toNanos());
		this.state = WorkerState.RUNNING;
		if (this.member != null) {
			this.member.join();
		}
	}

	private void leaveBalancer() {
		if (this.member != null) {
			this.member.leave();
		}
	}

	/**
	 * Drain the worker, then stop it, without closing a connection under a request:
	 * <ol>
	 * <li>from now on every HTTP/1.1 response says {@code Connection: close}, and the
	 * connection closes after it;</li>
	 * <li>close the listener: new connections go to the other listeners of the group
	 * (with {@code net.ipv4.tcp_migrate_req=1} the kernel hands them the connections
	 * queued on it);</li>
	 * <li>send each HTTP/2 connection a GOAWAY that still admits every stream;</li>
	 * <li>wait for the drain window, or until no connection is left: a keep-alive client
	 * that sends a request meanwhile gets its answer, then the close;</li>
	 * <li>at the end of the window, close the connections that are still idle, ask
	 * WebSocket peers to go away (1001) and send HTTP/2's final GOAWAY (see
	 * {@link DrainingConnections});</li>
	 * <li>wait for in-flight requests until {@code timeout} has passed since the start,
	 * then close what is left and release the event loops.</li>
	 * </ol>
	 * @param timeout the longest the whole drain may take; the drain window ends no later
	 * @return {@code true} if every in-flight request completed within the timeout
	 */
	boolean drain(Duration timeout) {
		return drainAll(List.of(this), timeout).get(0);
	}

	/**
	 * Drain several workers at once, as {@link #drain(Duration)} drains one: each step is
	 * taken for all of them before the next, so that draining every worker takes as long
	 * as draining one.
	 * @param workers the workers
	 * @param timeout the longest the whole drain may take
	 * @return for each worker, whether every in-flight request completed in time
	 */
	static List<Boolean> drainAll(List<ReusePortWorker> workers, Duration timeout) {
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		workers.forEach((worker) -> worker.beginDrain(timeout));
		long window = workers.stream().mapToLong((worker) -> worker.drainWindow.toNanos()).max().orElse(0);
		awaitClosed(workers, start + Math.min(window, timeout.toNanos()));
		workers.forEach((worker) -> worker.handle.connections().forEach(DrainingConnections::closeIdle));
		awaitClosed(workers, deadline);
		List<Boolean> drained = new ArrayList<>();
		for (ReusePortWorker worker : workers) {
			int left = worker.handle.connections().size();
			if (left > 0) {
				logger.warn("Worker " + worker.index + " still had " + left
						+ " connection(s) with requests in flight after " + timeout + "; closing them");
			}
			worker.stop();
			drained.add(left == 0);
		}
		return List.copyOf(drained);
	}

	private void beginDrain(Duration timeout) {
		leaveBalancer();
		this.state = WorkerState.DRAINING;
		this.handle.startDraining();
		DisposableServer server = this.handle.server();
		if (server != null) {
			server.channel().close().awaitUninterruptibly(timeout.toMillis());
		}
		this.handle.connections().forEach(DrainingConnections::announce);
	}

	private static void awaitClosed(List<ReusePortWorker> workers, long deadline) {
		while (workers.stream().anyMatch((worker) -> !worker.handle.connections().isEmpty()) && remaining(deadline) > 0
				&& !Thread.currentThread().isInterrupted()) {
			sleep(Duration.ofMillis(Math.min(10, TimeUnit.NANOSECONDS.toMillis(remaining(deadline)) + 1)));
		}
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Close the listener and all connections, then release the event loops, waiting at
	 * most a bounded time for them.
	 */
	synchronized void stop() {
		if (this.state == WorkerState.STOPPED) {
			return;
		}
		leaveBalancer();
		this.probes.forEach(EventLoopProbe::stop);
		try {
			this.server.stop();
		}
		finally {
			releaseLoops();
			this.state = WorkerState.STOPPED;
		}
	}

	private void releaseLoops() {
		try {
			this.loops.disposeLater(Duration.ZERO, LOOP_SHUTDOWN_TIMEOUT).block(LOOP_SHUTDOWN_TIMEOUT.plusSeconds(1));
		}
		catch (RuntimeException ex) {
			logger.warn("Event loops of worker " + this.index + " did not stop within " + LOOP_SHUTDOWN_TIMEOUT, ex);
		}
	}

	/**
	 * Return the worker's index, from 0.
	 * @return the index
	 */
	public int getIndex() {
		return this.index;
	}

	/**
	 * Return the worker's generation: 0 for the first worker of its index, then one more
	 * for each replacement.
	 * @return the generation
	 */
	public int getGeneration() {
		return this.generation;
	}

	/**
	 * Return the worker's state. A running worker one of whose event loops has not run
	 * its probe within the stall threshold is {@link WorkerState#STALLED}.
	 * @return the state
	 */
	public WorkerState getState() {
		WorkerState state = this.state;
		return (state == WorkerState.RUNNING && isStalled()) ? WorkerState.STALLED : state;
	}

	private boolean isStalled() {
		long now = System.nanoTime();
		long threshold = this.stallThreshold.toNanos();
		return this.probes.stream().anyMatch((probe) -> probe.silenceNanos(now) > threshold);
	}

	/**
	 * Take the worker's listener out of the reuseport group from any thread, even while
	 * its event loop is stalled.
	 * @return whether the listener was evicted
	 */
	boolean evictListener() {
		leaveBalancer();
		DisposableServer server = this.handle.server();
		return server != null && ListenerEviction.evict(server.channel());
	}

	/**
	 * Describe where the worker's stalled event loops are, for a log line.
	 * @return the stack traces of the loop threads
	 */
	String stallReport() {
		StringBuilder report = new StringBuilder();
		for (EventLoopProbe probe : this.probes) {
			Thread thread = probe.thread();
			if (thread != null) {
				report.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
				for (StackTraceElement element : thread.getStackTrace()) {
					report.append("\tat ").append(element).append('\n');
				}
			}
		}
		return report.toString();
	}

	/**
	 * Return whether the worker's loops answer their probes again.
	 * @return {@code true} when no loop is stalled
	 */
	boolean isResponsive() {
		return !isStalled();
	}

	/**
	 * Return the event-loop lag: the largest delay of the recent probes, or how overdue a
	 * probe is now, over the worker's loops.
	 * @return the lag
	 */
	public Duration getEventLoopLag() {
		long now = System.nanoTime();
		return Duration.ofNanos(this.probes.stream().mapToLong((probe) -> probe.lagNanos(now)).max().orElse(0));
	}

	/**
	 * Return the event-loop utilization: the CPU time of the worker's loop threads over
	 * wall time in the last probe interval, averaged over its loops.
	 * @return the utilization from 0 to 1, or NaN before it was measured
	 */
	public double getEventLoopUtilization() {
		return this.probes.stream().mapToDouble(EventLoopProbe::utilization).average().orElse(Double.NaN);
	}

	/**
	 * Run a task on one of the worker's event loops (tests stall a loop with it).
	 * @param task the task
	 */
	void executeOnEventLoop(Runnable task) {
		this.loops.getGroup().execute(task);
	}

	/**
	 * Return the name of the transport the worker's loops use.
	 * @return {@code epoll}, {@code io_uring} or {@code nio}
	 */
	public String getTransportName() {
		return this.transport.getName();
	}

	/**
	 * Return the port the worker listens on, or {@code -1} when it does not listen.
	 * @return the port
	 */
	public int getPort() {
		return this.server.getPort();
	}

	/**
	 * Return the names of the worker's event-loop threads.
	 * @return the thread names
	 */
	public List<String> getThreadNames() {
		return IntStream.rangeClosed(1, this.threads).mapToObj((n) -> this.loops.getThreadPrefix() + "-" + n).toList();
	}

	/**
	 * Return the worker's counters.
	 * @return the statistics
	 */
	public WorkerStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * Return when the worker started listening.
	 * @return the start time, or {@code null} before it started
	 */
	public @Nullable Instant getStartedAt() {
		return this.startedAt;
	}

	@Override
	public String toString() {
		return "worker " + this.index + " generation " + this.generation + " ("
				+ this.state.name().toLowerCase(java.util.Locale.ROOT) + ")";
	}

}
