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

package dev.reuseport.autoconfigure;

import java.time.Duration;

import dev.reuseport.offload.distributed.DistributedPolicy;
import dev.reuseport.server.ConnectionBalance;
import dev.reuseport.server.linux.ReusePortTransport;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for reuseport workers.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@ConfigurationProperties("reuseport")
public class ReusePortProperties {

	/**
	 * Largest accepted number of workers, and of event-loop threads per worker.
	 */
	public static final int MAX_WORKERS = 256;

	/**
	 * Whether to serve the application on SO_REUSEPORT workers instead of Spring Boot's
	 * single Netty server. The offload scheduler has its own switch.
	 */
	private boolean enabled = true;

	/**
	 * Number of workers: Reactor Netty servers bound to the same port, each with its own
	 * event loops. Defaults to Reactor Netty's default number of event loops: the number
	 * of available processors, at least 4, or the 'reactor.netty.ioWorkerCount' system
	 * property when set.
	 */
	private @Nullable Integer workers;

	/**
	 * Number of event-loop threads of each worker.
	 */
	private int workerThreads = 1;

	/**
	 * Netty transport of the workers.
	 */
	private ReusePortTransport transport = ReusePortTransport.AUTO;

	/**
	 * Where workers serve the connections their listeners accept: 'least-connections'
	 * moves each new connection to the running worker that serves the fewest, keeping
	 * long-lived keep-alive connections even; 'kernel' leaves it on the listener the
	 * kernel's hash chose.
	 */
	private ConnectionBalance balance = ConnectionBalance.LEAST_CONNECTIONS;

	/**
	 * Whether to start when another process already listens on the port with
	 * SO_REUSEPORT, joining its listener group (used for a hand-off between two
	 * instances).
	 */
	private boolean allowSharedPort;

	/**
	 * Whether to reject HTTP/1.1 requests with ambiguous or invalid framing (unknown or
	 * repeated Transfer-Encoding, Transfer-Encoding with Content-Length, missing or
	 * repeated Host, a major version other than 1) with 400 or 505 and close their
	 * connection. Applies with Spring Boot's own server too.
	 */
	private boolean strictHttp = true;

	/**
	 * Idle timeout of connections that wait for a request, applied when
	 * 'server.netty.idle-timeout' is not set. Zero disables it.
	 */
	private Duration idleTimeout = Duration.ofSeconds(60);

	/**
	 * Longest time a client may take to send a request's headers, counted from its first
	 * byte; the connection is closed when it is exceeded. Zero disables it.
	 */
	private Duration requestHeaderTimeout = Duration.ofSeconds(10);

	/**
	 * Longest time a worker being replaced may take to finish its in-flight requests
	 * before its remaining connections are closed.
	 */
	private Duration drainTimeout = Duration.ofSeconds(30);

	/**
	 * How long a draining worker (graceful shutdown, restart, hand-off, scale-down,
	 * stalled-worker replacement) keeps connections without a request in flight open: a
	 * keep-alive client's next request in that window is answered with 'Connection:
	 * close' instead of meeting a closed connection. Connections still idle at its end
	 * are closed and WebSocket peers get a close frame with 1001. Zero closes idle
	 * connections at once.
	 */
	private Duration drainWindow = Duration.ofSeconds(1);

	/**
	 * Pause between two workers during a rolling restart.
	 */
	private Duration restartDelay = Duration.ofSeconds(1);

	/**
	 * The offload scheduler: a bounded pool of platform threads for CPU work.
	 */
	private final Offload offload = new Offload();

	/**
	 * The watchdog: event-loop probes, stall detection and stalled-worker replacement.
	 */
	private final Watchdog watchdog = new Watchdog();

	/**
	 * Automatic scaling of the number of workers with event-loop utilization.
	 */
	private final Scaling scaling = new Scaling();

	public boolean isEnabled() {
		return this.enabled;
	}

	public Offload getOffload() {
		return this.offload;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		InvalidPropertyException.check(!drainTimeout.isNegative() && !drainTimeout.isZero(), "reuseport.drain-timeout",
				drainTimeout, "be positive");
		this.drainTimeout = drainTimeout;
	}

	public Duration getDrainWindow() {
		return this.drainWindow;
	}

	public void setDrainWindow(Duration drainWindow) {
		InvalidPropertyException.check(!drainWindow.isNegative(), "reuseport.drain-window", drainWindow,
				"not be negative");
		this.drainWindow = drainWindow;
	}

	public Duration getRestartDelay() {
		return this.restartDelay;
	}

	public void setRestartDelay(Duration restartDelay) {
		InvalidPropertyException.check(!restartDelay.isNegative(), "reuseport.restart-delay", restartDelay,
				"not be negative");
		this.restartDelay = restartDelay;
	}

	public Watchdog getWatchdog() {
		return this.watchdog;
	}

	public Scaling getScaling() {
		return this.scaling;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Integer getWorkers() {
		return this.workers;
	}

	public void setWorkers(@Nullable Integer workers) {
		if (workers != null) {
			InvalidPropertyException.check(workers > 0 && workers <= MAX_WORKERS, "reuseport.workers", workers,
					"be between 1 and " + MAX_WORKERS);
		}
		this.workers = workers;
	}

	/**
	 * Return the number of workers to start: the configured number, or
	 * {@linkplain #defaultWorkers() the default}.
	 * @return the number of workers
	 */
	public int determineWorkers() {
		return (this.workers != null) ? this.workers : defaultWorkers();
	}

	/**
	 * Return the number of workers when none is configured: as many as Reactor Netty
	 * would run event loops for Spring Boot's own server
	 * ({@link LoopResources#DEFAULT_IO_WORKER_COUNT}), so that the starter never serves
	 * on fewer loops than the server it replaces.
	 * @return the default number of workers
	 */
	public static int defaultWorkers() {
		return Math.max(1, Math.min(LoopResources.DEFAULT_IO_WORKER_COUNT, MAX_WORKERS));
	}

	public int getWorkerThreads() {
		return this.workerThreads;
	}

	public void setWorkerThreads(int workerThreads) {
		InvalidPropertyException.check(workerThreads > 0 && workerThreads <= MAX_WORKERS, "reuseport.worker-threads",
				workerThreads, "be between 1 and " + MAX_WORKERS);
		this.workerThreads = workerThreads;
	}

	public ConnectionBalance getBalance() {
		return this.balance;
	}

	public void setBalance(ConnectionBalance balance) {
		this.balance = balance;
	}

	public ReusePortTransport getTransport() {
		return this.transport;
	}

	public void setTransport(ReusePortTransport transport) {
		this.transport = transport;
	}

	public boolean isStrictHttp() {
		return this.strictHttp;
	}

	public void setStrictHttp(boolean strictHttp) {
		this.strictHttp = strictHttp;
	}

	public boolean isAllowSharedPort() {
		return this.allowSharedPort;
	}

	public void setAllowSharedPort(boolean allowSharedPort) {
		this.allowSharedPort = allowSharedPort;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		InvalidPropertyException.check(!idleTimeout.isNegative(), "reuseport.idle-timeout", idleTimeout,
				"not be negative");
		this.idleTimeout = idleTimeout;
	}

	public Duration getRequestHeaderTimeout() {
		return this.requestHeaderTimeout;
	}

	public void setRequestHeaderTimeout(Duration requestHeaderTimeout) {
		InvalidPropertyException.check(!requestHeaderTimeout.isNegative(), "reuseport.request-header-timeout",
				requestHeaderTimeout, "not be negative");
		this.requestHeaderTimeout = requestHeaderTimeout;
	}

	/**
	 * Offload scheduler properties.
	 */
	public static class Offload {

		/**
		 * Largest accepted number of offload threads.
		 */
		public static final int MAX_THREADS = 1024;

		/**
		 * Whether to auto-configure the offload scheduler for CPU-heavy work.
		 */
		private boolean enabled = true;

		/**
		 * Number of platform threads of the offload scheduler. Defaults to half the
		 * available processors (at least one), so that a saturated pool leaves the event
		 * loops cores of their own.
		 */
		private @Nullable Integer threads;

		/**
		 * Number of tasks that may wait for a thread; a task submitted when the queue is
		 * full is rejected at once. 0 rejects as soon as every thread is busy. Defaults
		 * to (2 x threads) squared, the available processors squared with the default
		 * threads.
		 */
		private @Nullable Integer queueCapacity;

		/**
		 * Longest time a task may wait in the queue; it is dropped without running after
		 * that. Zero disables the limit.
		 */
		private Duration queueTimeout = Duration.ofSeconds(1);

		/**
		 * Longest time a task may run; its thread is interrupted after that and the
		 * request ends with 503. Zero disables the limit.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * Value of the Retry-After header of 503 responses to saturation, rounded up to
		 * seconds. Zero sends no Retry-After.
		 */
		private Duration retryAfter = Duration.ofSeconds(1);

		/**
		 * Time an idle thread lives before it ends.
		 */
		private Duration keepAlive = Duration.ofSeconds(60);

		/**
		 * Prefix of the names of offload threads.
		 */
		private String threadNamePrefix = "reuseport-offload-";

		private final Distributed distributed = new Distributed();

		public Distributed getDistributed() {
			return this.distributed;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Integer getThreads() {
			return this.threads;
		}

		public void setThreads(@Nullable Integer threads) {
			if (threads != null) {
				InvalidPropertyException.check(threads > 0 && threads <= MAX_THREADS, "reuseport.offload.threads",
						threads, "be between 1 and " + MAX_THREADS);
			}
			this.threads = threads;
		}

		public @Nullable Integer getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(@Nullable Integer queueCapacity) {
			if (queueCapacity != null) {
				InvalidPropertyException.check(queueCapacity >= 0, "reuseport.offload.queue-capacity", queueCapacity,
						"not be negative");
			}
			this.queueCapacity = queueCapacity;
		}

		public Duration getQueueTimeout() {
			return this.queueTimeout;
		}

		public void setQueueTimeout(Duration queueTimeout) {
			InvalidPropertyException.check(!queueTimeout.isNegative(), "reuseport.offload.queue-timeout", queueTimeout,
					"not be negative");
			this.queueTimeout = queueTimeout;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			InvalidPropertyException.check(!timeout.isNegative(), "reuseport.offload.timeout", timeout,
					"not be negative");
			this.timeout = timeout;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			InvalidPropertyException.check(!retryAfter.isNegative(), "reuseport.offload.retry-after", retryAfter,
					"not be negative");
			this.retryAfter = retryAfter;
		}

		public Duration getKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(Duration keepAlive) {
			InvalidPropertyException.check(!keepAlive.isNegative() && !keepAlive.isZero(),
					"reuseport.offload.keep-alive", keepAlive, "be positive");
			this.keepAlive = keepAlive;
		}

		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

		/**
		 * Properties of the distributed offload queue (a Redis stream shared by the
		 * instances of the application).
		 */
		public static class Distributed {

			/**
			 * Whether {@code @Offload(distributed = true)} methods may run on any
			 * instance through a Redis stream (Spring Data Redis's connection).
			 */
			private boolean enabled;

			/**
			 * When a call goes to the queue: when no offload thread is free here
			 * ("local-first"), or always ("always").
			 */
			private DistributedPolicy policy = DistributedPolicy.LOCAL_FIRST;

			/**
			 * How long a running task's entry may go without its lease renewed before
			 * another instance claims it.
			 */
			private Duration lease = Duration.ofSeconds(10);

			/**
			 * Number of times a task that throws is run before it goes to the dead
			 * letter.
			 */
			private int maxAttempts = 3;

			/**
			 * Number of times an entry may be delivered (claims after a dead instance
			 * included) before it goes to the dead letter.
			 */
			private int maxDeliveries = 5;

			/**
			 * Wait before a task's second attempt, doubled for each later one.
			 */
			private Duration backoff = Duration.ofSeconds(1);

			/**
			 * Number of queued or running tasks above which calls are rejected at once
			 * (503).
			 */
			private long maxQueued = 10_000;

			/**
			 * Number of platform threads on which {@code @Offload} controller methods
			 * wait for a result from another instance when no offload thread is idle
			 * here; when all of them wait, calls queue for the local pool.
			 */
			private int callerThreads = 256;

			/**
			 * Key (at least 32 characters, the same on every instance) to sign task
			 * entries with HMAC-SHA-256; workers then send entries without a valid
			 * signature to the dead letter.
			 */
			private @Nullable String signingKey;

			public int getCallerThreads() {
				return this.callerThreads;
			}

			public void setCallerThreads(int callerThreads) {
				InvalidPropertyException.check(callerThreads > 0 && callerThreads <= 16_384,
						"reuseport.offload.distributed.caller-threads", callerThreads, "be between 1 and 16384");
				this.callerThreads = callerThreads;
			}

			public @Nullable String getSigningKey() {
				return this.signingKey;
			}

			public void setSigningKey(@Nullable String signingKey) {
				InvalidPropertyException.check(signingKey == null || signingKey.length() >= 32,
						"reuseport.offload.distributed.signing-key",
						"(" + ((signingKey != null) ? signingKey.length() : 0) + " characters, not shown)",
						"be at least 32 characters");
				this.signingKey = signingKey;
			}

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public DistributedPolicy getPolicy() {
				return this.policy;
			}

			public void setPolicy(DistributedPolicy policy) {
				this.policy = policy;
			}

			public Duration getLease() {
				return this.lease;
			}

			public void setLease(Duration lease) {
				InvalidPropertyException.check(!lease.isNegative() && !lease.isZero(),
						"reuseport.offload.distributed.lease", lease, "be positive");
				this.lease = lease;
			}

			public int getMaxAttempts() {
				return this.maxAttempts;
			}

			public void setMaxAttempts(int maxAttempts) {
				InvalidPropertyException.check(maxAttempts > 0, "reuseport.offload.distributed.max-attempts",
						maxAttempts, "be positive");
				this.maxAttempts = maxAttempts;
			}

			public int getMaxDeliveries() {
				return this.maxDeliveries;
			}

			public void setMaxDeliveries(int maxDeliveries) {
				InvalidPropertyException.check(maxDeliveries > 0, "reuseport.offload.distributed.max-deliveries",
						maxDeliveries, "be positive");
				this.maxDeliveries = maxDeliveries;
			}

			public Duration getBackoff() {
				return this.backoff;
			}

			public void setBackoff(Duration backoff) {
				InvalidPropertyException.check(!backoff.isNegative(), "reuseport.offload.distributed.backoff", backoff,
						"not be negative");
				this.backoff = backoff;
			}

			public long getMaxQueued() {
				return this.maxQueued;
			}

			public void setMaxQueued(long maxQueued) {
				InvalidPropertyException.check(maxQueued > 0, "reuseport.offload.distributed.max-queued", maxQueued,
						"be positive");
				this.maxQueued = maxQueued;
			}

		}

	}

	/**
	 * Event-loop probe and stall detection properties.
	 */
	public static class Watchdog {

		/**
		 * How often each event loop runs its probe, which measures lag and utilization
		 * and proves the loop is alive.
		 */
		private Duration interval = Duration.ofMillis(200);

		/**
		 * How long an event loop may go without running its probe before its worker is
		 * reported stalled (health DOWN).
		 */
		private Duration stallThreshold = Duration.ofSeconds(1);

		/**
		 * Whether to replace a stalled worker: take its listener out of the SO_REUSEPORT
		 * group from outside its event loop, start a new worker, and stop the stalled one
		 * once its loop returns or the drain timeout passes.
		 */
		private boolean recovery = true;

		public boolean isRecovery() {
			return this.recovery;
		}

		public void setRecovery(boolean recovery) {
			this.recovery = recovery;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			InvalidPropertyException.check(!interval.isNegative() && !interval.isZero(), "reuseport.watchdog.interval",
					interval, "be positive");
			this.interval = interval;
		}

		public Duration getStallThreshold() {
			return this.stallThreshold;
		}

		public void setStallThreshold(Duration stallThreshold) {
			InvalidPropertyException.check(!stallThreshold.isNegative() && !stallThreshold.isZero(),
					"reuseport.watchdog.stall-threshold", stallThreshold, "be positive");
			this.stallThreshold = stallThreshold;
		}

	}

	/**
	 * Vertical scaling properties: workers added and removed with event-loop utilization.
	 */
	public static class Scaling {

		/**
		 * Whether to add and remove workers with the mean event-loop utilization.
		 */
		private boolean enabled;

		/**
		 * Fewest workers.
		 */
		private int minWorkers = 1;

		/**
		 * Most workers. Defaults to the default number of workers.
		 */
		private @Nullable Integer maxWorkers;

		/**
		 * Mean event-loop utilization at or above which a worker is added.
		 */
		private double upUtilization = 0.8;

		/**
		 * How long the utilization must stay at or above 'up-utilization'.
		 */
		private Duration upWindow = Duration.ofSeconds(10);

		/**
		 * Mean event-loop utilization below which a worker is removed.
		 */
		private double downUtilization = 0.2;

		/**
		 * How long the utilization must stay below 'down-utilization'.
		 */
		private Duration downWindow = Duration.ofSeconds(60);

		/**
		 * Least time between two changes.
		 */
		private Duration cooldown = Duration.ofSeconds(20);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMinWorkers() {
			return this.minWorkers;
		}

		public void setMinWorkers(int minWorkers) {
			InvalidPropertyException.check(minWorkers >= 1 && minWorkers <= MAX_WORKERS,
					"reuseport.scaling.min-workers", minWorkers, "be between 1 and " + MAX_WORKERS);
			this.minWorkers = minWorkers;
		}

		public @Nullable Integer getMaxWorkers() {
			return this.maxWorkers;
		}

		public void setMaxWorkers(@Nullable Integer maxWorkers) {
			if (maxWorkers != null) {
				InvalidPropertyException.check(maxWorkers >= 1 && maxWorkers <= MAX_WORKERS,
						"reuseport.scaling.max-workers", maxWorkers, "be between 1 and " + MAX_WORKERS);
			}
			this.maxWorkers = maxWorkers;
		}

		public int determineMaxWorkers() {
			return (this.maxWorkers != null) ? this.maxWorkers : Math.max(this.minWorkers, defaultWorkers());
		}

		public double getUpUtilization() {
			return this.upUtilization;
		}

		public void setUpUtilization(double upUtilization) {
			InvalidPropertyException.check(upUtilization > 0 && upUtilization <= 1, "reuseport.scaling.up-utilization",
					upUtilization, "be above 0 and at most 1");
			this.upUtilization = upUtilization;
		}

		public Duration getUpWindow() {
			return this.upWindow;
		}

		public void setUpWindow(Duration upWindow) {
			this.upWindow = upWindow;
		}

		public double getDownUtilization() {
			return this.downUtilization;
		}

		public void setDownUtilization(double downUtilization) {
			InvalidPropertyException.check(downUtilization >= 0 && downUtilization < 1,
					"reuseport.scaling.down-utilization", downUtilization, "be at least 0 and below 1");
			this.downUtilization = downUtilization;
		}

		public Duration getDownWindow() {
			return this.downWindow;
		}

		public void setDownWindow(Duration downWindow) {
			this.downWindow = downWindow;
		}

		public Duration getCooldown() {
			return this.cooldown;
		}

		public void setCooldown(Duration cooldown) {
			this.cooldown = cooldown;
		}

	}

}
