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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.server.linux.ForeignReusePortListenerException;
import dev.reuseport.server.linux.KernelSettings;
import dev.reuseport.server.linux.SharedPortProbe;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.util.Assert;

/**
 * The workers of a {@link ReusePortWebServer} and everything that changes them: start,
 * rolling restart of one or all (start-before-stop), stalled-worker replacement, scaling
 * and the graceful drain, configured by one {@link WorkerGroupSettings}. The watchdog and
 * the autoscaler report to it, and every change runs on its one supervisor thread, one at
 * a time ({@link #requestRestart} answers a change asked for while another runs with
 * {@link WorkerChangeInProgressException}).
 *
 * @author reuseport team
 * @since 0.2.0
 */
public final class WorkerGroup {

	private static final Log logger = LogFactory.getLog(WorkerGroup.class);

	/**
	 * Upper bound of a worker's drain during graceful shutdown; in practice Spring Boot's
	 * shutdown phase timeout ends it first by calling {@link #stop()}.
	 */
	private static final Duration GRACEFUL_DRAIN_LIMIT = Duration.ofDays(1);

	private final List<Consumer<ReusePortWorker>> workerListeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable Configuration configuration;

	private final List<ReusePortWorker> workers = new CopyOnWriteArrayList<>();

	private final Map<Integer, Integer> generations = new ConcurrentHashMap<>();

	private final Object monitor = new Object();

	private volatile WorkerSupervisor supervisor = new WorkerSupervisor();

	private volatile int port = -1;

	private @Nullable CountDownLatch running;

	/**
	 * Create a group without workers; the web server factory configures it when Spring
	 * Boot asks for the web server, and the web server starts it.
	 */
	public WorkerGroup() {
	}

	/**
	 * Fix what the group's workers are made of, once: called by the web server factory
	 * when it creates the web server that this group serves.
	 * @param workerTemplate makes each worker
	 * @param settings the settings
	 * @throws IllegalStateException if the group already serves a web server
	 */
	public void configure(WorkerTemplate workerTemplate, WorkerGroupSettings settings) {
		synchronized (this.monitor) {
			Assert.state(this.configuration == null, "The worker group already serves a web server");
			WorkerAutoscaler autoscaler = (settings.scalingPolicy() != null)
					? new WorkerAutoscaler(this, settings.scalingPolicy(), settings.drainTimeout()) : null;
			this.configuration = new Configuration(workerTemplate, settings,
					new WorkerWatchdog(this, settings.watchdogInterval(), settings.stallRecovery()), autoscaler);
		}
	}

	/**
	 * Return the settings the group was configured with.
	 * @return the settings, or {@code null} before the web server is created
	 */
	public @Nullable WorkerGroupSettings getSettings() {
		Configuration configuration = this.configuration;
		return (configuration != null) ? configuration.settings() : null;
	}

	/**
	 * Add a listener called with each worker the group creates (at start-up, and for
	 * every restart, replacement and scale-up), before it starts.
	 * @param listener the listener
	 */
	public void addWorkerListener(Consumer<ReusePortWorker> listener) {
		Assert.notNull(listener, "'listener' must not be null");
		this.workerListeners.add(listener);
	}

	private Configuration configuration() {
		Configuration configuration = this.configuration;
		Assert.state(configuration != null, "The worker group serves no web server");
		return configuration;
	}

	private ReusePortWorker createWorker(int index, int generation, int port) {
		ReusePortWorker worker = configuration().workerFactory().createWorker(index, generation, port);
		this.workerListeners.forEach((listener) -> listener.accept(worker));
		return worker;
	}

	/**
	 * Start the configured number of workers on the port.
	 * @throws WebServerException if a worker cannot start
	 */
	public void start() throws WebServerException {
		synchronized (this.monitor) {
			if (!this.workers.isEmpty()) {
				return;
			}
			Configuration configuration = configuration();
			WorkerGroupSettings settings = configuration.settings();
			try {
				ReusePortWorker first = createWorker(0, 0, checkPort(settings));
				startWorker(first);
				this.port = first.getPort();
				for (int index = 1; index < settings.initialWorkers(); index++) {
					startWorker(createWorker(index, 0, this.port));
				}
			}
			catch (RuntimeException ex) {
				stopWorkers();
				throw ex;
			}
			logger.info("Started " + this.workers.size() + " SO_REUSEPORT worker(s) on port " + this.port + " ("
					+ settings.description() + ")");
			startAwaitThread();
			configuration.watchdog().start();
			if (configuration.autoscaler() != null) {
				configuration.autoscaler().start();
			}
			if (settings.checkSharedPort() && KernelSettings.tcpMigrateReq().equals(Optional.of(false))) {
				logger.warn("net.ipv4.tcp_migrate_req is 0: when a worker is restarted, removed or evicted, the new "
						+ "connections queued on its listener are reset instead of handed to another worker. Enable "
						+ "it with 'sysctl -w net.ipv4.tcp_migrate_req=1' on the host, or the pod's "
						+ "securityContext.sysctls in Kubernetes (Linux 5.14 and later)");
			}
		}
	}

	/**
	 * Replace one worker without refusing a connection: start a new worker with the same
	 * index on the shared port first, then drain the old one (see
	 * {@link ReusePortWorker#drain(Duration)}).
	 * @param index the worker index
	 * @param drainTimeout the longest wait for the old worker's in-flight requests
	 * @return what was done
	 * @throws IllegalArgumentException if no running worker has that index
	 */
	public WorkerRestart restartWorker(int index, Duration drainTimeout) {
		return this.supervisor.run(() -> replace(index, drainTimeout));
	}

	private WorkerRestart replace(int index, Duration drainTimeout) {
		synchronized (this.monitor) {
			ReusePortWorker old = this.workers.stream()
				.filter((worker) -> worker.getIndex() == index)
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("No worker with index " + index));
			ReusePortWorker replacement = createWorker(index, old.getGeneration() + 1, this.port);
			replacement.start();
			this.workers.set(this.workers.indexOf(old), replacement);
			this.workers.add(old);
			long start = System.nanoTime();
			boolean drained;
			try {
				drained = old.drain(drainTimeout);
			}
			finally {
				this.workers.remove(old);
			}
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			logger.info("Restarted worker " + index + " (generation " + replacement.getGeneration()
					+ "); draining took " + took.toMillis() + " ms");
			return new WorkerRestart(index, replacement.getGeneration(), drained, took);
		}
	}

	/**
	 * Replace a worker whose event loop is stalled: take its listener out of the group
	 * from this thread (its own loop cannot), start a replacement, and stop the stalled
	 * worker once its loop answers again or the drain timeout has passed.
	 * @param stalled the stalled worker
	 */
	void replaceStalledWorker(ReusePortWorker stalled) {
		boolean evicted = stalled.evictListener();
		this.supervisor.enqueue(() -> {
			if (startReplacement(stalled, evicted)) {
				retire(stalled);
			}
		});
	}

	private boolean startReplacement(ReusePortWorker stalled, boolean evicted) {
		synchronized (this.monitor) {
			int position = this.workers.indexOf(stalled);
			if (position < 0 || this.port < 0) {
				return false;
			}
			ReusePortWorker replacement = createWorker(stalled.getIndex(), stalled.getGeneration() + 1, this.port);
			replacement.start();
			this.workers.set(position, replacement);
			this.workers.add(stalled);
			logger.info("Replaced stalled worker " + stalled.getIndex() + " with generation "
					+ replacement.getGeneration() + (evicted ? "" : " (its listener could not be evicted)"));
			return true;
		}
	}

	private void retire(ReusePortWorker stalled) {
		Duration drainTimeout = configuration().settings().drainTimeout();
		long deadline = System.nanoTime() + drainTimeout.toNanos();
		while (!stalled.isResponsive() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
			pause(Duration.ofMillis(50));
		}
		try {
			// a worker whose loop answers again drains as in a restart; one that never
			// recovered has nothing to wait for
			stalled.drain(stalled.isResponsive() ? drainTimeout : Duration.ofSeconds(1));
		}
		catch (RuntimeException ex) {
			logger.warn("Stopping stalled worker " + stalled.getIndex() + " failed", ex);
		}
		finally {
			this.workers.remove(stalled);
		}
	}

	/**
	 * Add or remove workers until {@code workers} run. A new worker takes the lowest free
	 * index; the worker with the highest index is removed first, drained as in a restart.
	 * @param workers the number of workers, at least 1
	 * @param drainTimeout the longest wait for a removed worker's in-flight requests
	 * @return the number of workers running afterwards
	 */
	public int scaleTo(int workers, Duration drainTimeout) {
		Assert.isTrue(workers >= 1, "'workers' must be at least 1");
		return this.supervisor.run(() -> scale(workers, drainTimeout));
	}

	/**
	 * Ask for a rolling restart from outside (Actuator): it runs on the supervisor thread
	 * unless another change runs or waits.
	 * @param index the worker to restart, or {@code null} for every worker
	 * @param delay the pause between two workers
	 * @param drainTimeout the longest wait for each old worker's in-flight requests
	 * @return the indexes that will be restarted
	 * @throws IllegalArgumentException if no worker has the index
	 * @throws WorkerChangeInProgressException if another change runs or waits
	 */
	public List<Integer> requestRestart(@Nullable Integer index, Duration delay, Duration drainTimeout) {
		List<Integer> indexes = this.workers.stream()
			.map(ReusePortWorker::getIndex)
			.filter((candidate) -> index == null || candidate.equals(index))
			.distinct()
			.sorted()
			.toList();
		if (indexes.isEmpty()) {
			throw new IllegalArgumentException("No worker with index " + index);
		}
		logFailure(this.supervisor.request(() -> restartEach(indexes, delay, drainTimeout)));
		return indexes;
	}

	/**
	 * Ask for scaling from outside (Actuator): it runs on the supervisor thread unless
	 * another change runs or waits.
	 * @param workers the number of workers, at least 1
	 * @param drainTimeout the longest wait for a removed worker's in-flight requests
	 * @throws WorkerChangeInProgressException if another change runs or waits
	 */
	public void requestScale(int workers, Duration drainTimeout) {
		Assert.isTrue(workers >= 1, "'workers' must be at least 1");
		logFailure(this.supervisor.request(() -> scale(workers, drainTimeout)));
	}

	private static void logFailure(CompletableFuture<?> change) {
		change.whenComplete((result, ex) -> {
			if (ex != null) {
				logger.warn("Changing the workers failed", ex);
			}
		});
	}

	/**
	 * Return whether a change of the workers runs or waits.
	 * @return whether the workers are being changed
	 */
	boolean isChanging() {
		return this.supervisor.isBusy();
	}

	private int scale(int workers, Duration drainTimeout) {
		synchronized (this.monitor) {
			while (currentWorkers().size() < workers) {
				Set<Integer> used = currentWorkers().stream()
					.map(ReusePortWorker::getIndex)
					.collect(Collectors.toSet());
				int index = IntStream.iterate(0, (i) -> i + 1)
					.filter((i) -> !used.contains(i))
					.findFirst()
					.orElseThrow();
				ReusePortWorker added = createWorker(index, nextGeneration(index), this.port);
				added.start();
				this.workers.add(added);
				logger.info("Added worker " + index);
			}
			while (currentWorkers().size() > workers) {
				ReusePortWorker removed = currentWorkers().stream()
					.max(Comparator.comparingInt(ReusePortWorker::getIndex))
					.orElseThrow();
				try {
					removed.drain(drainTimeout);
				}
				finally {
					this.workers.remove(removed);
				}
				this.generations.put(removed.getIndex(), removed.getGeneration());
				logger.info("Removed worker " + removed.getIndex());
			}
			return currentWorkers().size();
		}
	}

	private List<ReusePortWorker> currentWorkers() {
		return this.workers.stream().filter((worker) -> worker.getState() != WorkerState.DRAINING).toList();
	}

	private int nextGeneration(int index) {
		Integer last = this.generations.get(index);
		return (last != null) ? last + 1 : 0;
	}

	/**
	 * Replace every worker, one at a time, with a pause between them.
	 * @param delay the pause between two workers
	 * @param drainTimeout the longest wait for each old worker's in-flight requests
	 * @return what was done, per worker
	 */
	public List<WorkerRestart> restartAll(Duration delay, Duration drainTimeout) {
		List<Integer> indexes = this.workers.stream().map(ReusePortWorker::getIndex).distinct().sorted().toList();
		return this.supervisor.run(() -> restartEach(indexes, delay, drainTimeout));
	}

	private List<WorkerRestart> restartEach(List<Integer> indexes, Duration delay, Duration drainTimeout) {
		List<WorkerRestart> restarts = new ArrayList<>();
		for (int index : indexes) {
			if (!restarts.isEmpty()) {
				pause(delay);
			}
			restarts.add(replace(index, drainTimeout));
		}
		return List.copyOf(restarts);
	}

	private static void pause(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int checkPort(WorkerGroupSettings settings) {
		int port = settings.configuredPort();
		if (settings.checkSharedPort() && SharedPortProbe.hasForeignReusePortListener(settings.listenAddress(port))) {
			if (!settings.allowSharedPort()) {
				throw new ForeignReusePortListenerException(port);
			}
			logger.warn("Port " + port + " already has an SO_REUSEPORT listener of another process;"
					+ " joining it because reuseport.allow-shared-port is set");
		}
		return port;
	}

	private void startWorker(ReusePortWorker worker) {
		this.workers.add(worker);
		worker.start();
	}

	/**
	 * Stop every worker at once, interrupting a change that runs.
	 * @throws WebServerException if a worker cannot stop
	 */
	public void stop() throws WebServerException {
		synchronized (this.monitor) {
			stopWorkers();
		}
	}

	/**
	 * Keep the JVM alive while the group runs, as Spring Boot's web servers do: the event
	 * loops run on daemon threads. The thread is named after the group's port.
	 */
	private void startAwaitThread() {
		CountDownLatch running = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			try {
				running.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "reuseport-server-" + this.port);
		thread.setContextClassLoader(getClass().getClassLoader());
		thread.setDaemon(false);
		thread.start();
		this.running = running;
	}

	private void stopWorkers() {
		if (this.running != null) {
			this.running.countDown();
			this.running = null;
		}
		this.supervisor.shutdown();
		this.supervisor = new WorkerSupervisor();
		stopMonitoring();
		List<RuntimeException> failures = new ArrayList<>();
		for (ReusePortWorker worker : this.workers) {
			try {
				worker.stop();
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
		}
		this.workers.clear();
		if (!failures.isEmpty()) {
			WebServerException exception = new WebServerException("Unable to stop reuseport workers", failures.get(0));
			failures.stream().skip(1).forEach(exception::addSuppressed);
			throw exception;
		}
	}

	/**
	 * Drain every worker at once, as a restart drains one (see
	 * {@link ReusePortWorker#drain(Duration)}), and call back once when all are done.
	 * Spring Boot bounds the wait with
	 * {@code spring.lifecycle.timeout-per-shutdown-phase} and then calls {@link #stop()}.
	 * Calls back {@code IMMEDIATE} at once unless {@code server.shutdown=graceful}.
	 * @param callback called once
	 */
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		List<ReusePortWorker> draining = List.copyOf(this.workers);
		Configuration configuration = this.configuration;
		if (configuration == null || !configuration.settings().graceful() || draining.isEmpty()) {
			callback.shutdownComplete(GracefulShutdownResult.IMMEDIATE);
			return;
		}
		logger.info("Commencing graceful shutdown of " + draining.size()
				+ " worker(s). Waiting for active requests to complete");
		stopMonitoring();
		this.supervisor.enqueue(() -> {
			List<Boolean> drained = ReusePortWorker.drainAll(draining, GRACEFUL_DRAIN_LIMIT);
			logger.info("Graceful shutdown complete");
			callback.shutdownComplete(
					drained.contains(false) ? GracefulShutdownResult.REQUESTS_ACTIVE : GracefulShutdownResult.IDLE);
		});
	}

	private void stopMonitoring() {
		Configuration configuration = this.configuration;
		if (configuration != null) {
			configuration.watchdog().stop();
			if (configuration.autoscaler() != null) {
				configuration.autoscaler().stop();
			}
		}
	}

	/**
	 * Return the shared port.
	 * @return the port, or {@code -1} when no worker runs
	 */
	public int getPort() {
		return this.workers.isEmpty() ? -1 : this.port;
	}

	/**
	 * Return the workers that are started, in index order.
	 * @return an immutable snapshot of the workers
	 */
	public List<ReusePortWorker> getWorkers() {
		return List.copyOf(this.workers);
	}

	/**
	 * The outcome of a worker restart.
	 *
	 * @param index the worker index
	 * @param generation the generation of the replacement
	 * @param drained whether the old worker's in-flight requests all completed in time
	 * @param drainTime how long draining the old worker took
	 */
	public record WorkerRestart(int index, int generation, boolean drained, Duration drainTime) {

	}

	private record Configuration(ReusePortWorkerFactory workerFactory, WorkerGroupSettings settings,
			WorkerWatchdog watchdog, @Nullable WorkerAutoscaler autoscaler) {

	}

}
