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

package dev.reuseport.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.reuseport.server.linux.ReusePortPlatform;
import dev.reuseport.server.linux.ReusePortTransport;
import dev.reuseport.server.linux.WorkerTransport;
import dev.reuseport.server.supervision.ScalingPolicy;
import dev.reuseport.server.supervision.WorkerGroup;
import dev.reuseport.server.supervision.WorkerGroupSettings;
import dev.reuseport.server.supervision.WorkerTemplate;
import dev.reuseport.server.supervision.WorkerTemplate.WorkerOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.util.Assert;

/**
 * A {@link NettyReactiveWebServerFactory} whose {@link WebServer} is made of several
 * Reactor Netty servers ("workers") bound to the same address with {@code SO_REUSEPORT},
 * each on its own event loops, so that the kernel spreads new connections over them.
 * <p>
 * Every worker is built by Spring Boot's own factory code, so {@code server.*} settings
 * (SSL, HTTP/2, compression, graceful shutdown, {@code server.netty.*}) and every
 * {@link NettyServerCustomizer} apply to each worker, once per worker. A last customizer
 * of ours then gives the worker its loops, the shared port and the {@code SO_REUSEPORT}
 * option.
 * <p>
 * The no-argument constructor gives one worker, so that a management child context that
 * copies this factory reflectively gets a single server.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class ReusePortReactiveWebServerFactory extends NettyReactiveWebServerFactory {

	private static final Log logger = LogFactory.getLog(ReusePortReactiveWebServerFactory.class);

	private final Object monitor = new Object();

	private int workers = 1;

	private int workerThreads = 1;

	private ReusePortTransport transport = ReusePortTransport.AUTO;

	private boolean allowSharedPort;

	private @Nullable Duration idleTimeout;

	private @Nullable Duration requestHeaderTimeout;

	private String operatingSystem = System.getProperty("os.name", "unknown");

	private Duration probeInterval = Duration.ofMillis(200);

	private Duration stallThreshold = Duration.ofSeconds(1);

	private @Nullable WorkerGroup workerGroup;

	private Duration drainTimeout = Duration.ofSeconds(30);

	private Duration drainWindow = Duration.ofSeconds(1);

	private ConnectionBalance balance = ConnectionBalance.LEAST_CONNECTIONS;

	private @Nullable Duration lifecycleTimeout;

	private final List<NettyRouteProvider> routeProviders = new CopyOnWriteArrayList<>();

	private Duration restartDelay = Duration.ofSeconds(1);

	private boolean stallRecovery = true;

	private @Nullable ScalingPolicy scalingPolicy;

	/**
	 * Create a new factory with one worker.
	 */
	public ReusePortReactiveWebServerFactory() {
	}

	/**
	 * Create a new factory with one worker that listens on the given port.
	 * @param port the port
	 */
	public ReusePortReactiveWebServerFactory(int port) {
		super(port);
	}

	@Override
	public WebServer getWebServer(HttpHandler httpHandler) {
		WorkerTransport resolved = WorkerTransport.resolve(this.transport);
		ReusePortPlatform platform = ReusePortPlatform.of(this.operatingSystem);
		int count = this.workers;
		if (count > 1 && !platform.isBalancing()) {
			logger.warn("Starting 1 worker instead of " + count + ": " + platform.limitation(this.operatingSystem)
					+ ", so further workers would take no load. Set reuseport.workers=1 to silence this warning.");
			count = 1;
		}
		WorkerTransport reusePort = platform.supportsReusePort() ? resolved : null;
		HttpServer configured = configuredHttpServer(httpHandler);
		WorkerTemplate workerTemplate = new WorkerTemplate(configured, new ReactorHttpHandlerAdapter(httpHandler),
				this.routeProviders, resolved, reusePort, getAddress(),
				new WorkerOptions(this.workerThreads, this.idleTimeout, this.requestHeaderTimeout, this.probeInterval,
						this.stallThreshold, this.drainWindow, this.lifecycleTimeout),
				this.balance == ConnectionBalance.LEAST_CONNECTIONS);
		String description = resolved.getName() + ", " + this.workerThreads + " event-loop thread(s) each";
		ScalingPolicy scaling = (reusePort != null && platform.isBalancing()) ? this.scalingPolicy : null;
		WorkerGroup workerGroup = (this.workerGroup != null) ? this.workerGroup : new WorkerGroup();
		workerGroup.configure(workerTemplate,
				new WorkerGroupSettings(count, getPort(), getAddress(), reusePort != null, this.allowSharedPort,
						description, this.probeInterval, this.stallRecovery, this.drainTimeout, this.restartDelay,
						getShutdown() == Shutdown.GRACEFUL, scaling));
		return new ReusePortWebServer(workerGroup);
	}

	/**
	 * Set the group that the web server of this factory runs, so that monitoring and
	 * management can reach it as a bean. Without one, each web server gets a group of its
	 * own.
	 * @param workerGroup the worker group
	 */
	public void setWorkerGroup(@Nullable WorkerGroup workerGroup) {
		this.workerGroup = workerGroup;
	}

	/**
	 * Build the {@link HttpServer} of the web server once, through Spring Boot's own
	 * code, so that every {@code server.*} setting and every
	 * {@link NettyServerCustomizer} is applied once and SSL bundle updates are registered
	 * once: Boot's {@code getWebServer} runs with one more customizer, applied last, that
	 * keeps the configured server; the {@code NettyWebServer} it returns is never
	 * started. Each worker's server is derived from the configured one.
	 * @param httpHandler the application
	 * @return the configured server
	 */
	private HttpServer configuredHttpServer(HttpHandler httpHandler) {
		AtomicReference<@Nullable HttpServer> configured = new AtomicReference<>();
		NettyServerCustomizer capture = (server) -> {
			configured.set(server);
			return server;
		};
		synchronized (this.monitor) {
			getServerCustomizers().add(capture);
			try {
				super.getWebServer(httpHandler);
			}
			finally {
				getServerCustomizers().remove(capture);
			}
		}
		HttpServer server = configured.get();
		Assert.state(server != null, "Spring Boot did not build an HttpServer");
		return server;
	}

	@Override
	public void setLifecycleTimeout(@Nullable Duration lifecycleTimeout) {
		super.setLifecycleTimeout(lifecycleTimeout);
		this.lifecycleTimeout = lifecycleTimeout;
	}

	@Override
	public void addRouteProviders(NettyRouteProvider... routeProviders) {
		super.addRouteProviders(routeProviders);
		this.routeProviders.addAll(Arrays.asList(routeProviders));
	}

	/**
	 * Workers own their event loops: a shared {@link ReactorResourceFactory} would put
	 * every worker back on the global loops, so it is ignored.
	 * @param resourceFactory ignored
	 */
	@Override
	public void setResourceFactory(@Nullable ReactorResourceFactory resourceFactory) {
		if (resourceFactory != null) {
			logger.debug("Ignoring ReactorResourceFactory: reuseport workers run on their own event loops");
		}
	}

	/**
	 * Set the number of workers.
	 * @param workers the number of workers, at least 1
	 */
	public void setWorkers(int workers) {
		Assert.isTrue(workers > 0, "'workers' must be greater than 0");
		this.workers = workers;
	}

	/**
	 * Return the number of workers.
	 * @return the number of workers
	 */
	public int getWorkers() {
		return this.workers;
	}

	/**
	 * Set the number of event-loop threads of each worker.
	 * @param workerThreads the number of threads, at least 1
	 */
	public void setWorkerThreads(int workerThreads) {
		Assert.isTrue(workerThreads > 0, "'workerThreads' must be greater than 0");
		this.workerThreads = workerThreads;
	}

	/**
	 * Set the transport.
	 * @param transport the transport
	 */
	public void setTransport(ReusePortTransport transport) {
		Assert.notNull(transport, "'transport' must not be null");
		this.transport = transport;
	}

	/**
	 * Set whether to start when another process already listens on the port with
	 * {@code SO_REUSEPORT}, joining its listener group.
	 * @param allowSharedPort whether to share the port
	 */
	public void setAllowSharedPort(boolean allowSharedPort) {
		this.allowSharedPort = allowSharedPort;
	}

	/**
	 * Set the idle timeout applied when {@code server.netty.idle-timeout} is not set.
	 * @param idleTimeout the timeout, or {@code null} or zero for none
	 */
	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = positiveOrNull(idleTimeout);
	}

	/**
	 * Set how long a client may take to send a request's headers, from its first byte.
	 * @param requestHeaderTimeout the timeout, or {@code null} or zero for none
	 */
	public void setRequestHeaderTimeout(@Nullable Duration requestHeaderTimeout) {
		this.requestHeaderTimeout = positiveOrNull(requestHeaderTimeout);
	}

	/**
	 * Set how often each event loop is probed for lag, utilization and heartbeat.
	 * @param probeInterval the interval, positive
	 */
	public void setProbeInterval(Duration probeInterval) {
		Assert.isTrue(!probeInterval.isNegative() && !probeInterval.isZero(), "'probeInterval' must be positive");
		this.probeInterval = probeInterval;
	}

	/**
	 * Set how long an event loop may go without running its probe before its worker is
	 * considered stalled.
	 * @param stallThreshold the threshold, positive
	 */
	public void setStallThreshold(Duration stallThreshold) {
		Assert.isTrue(!stallThreshold.isNegative() && !stallThreshold.isZero(), "'stallThreshold' must be positive");
		this.stallThreshold = stallThreshold;
	}

	/**
	 * Set whether the watchdog replaces a worker whose event loop stalls: it takes the
	 * stalled listener out of the group and starts a new worker.
	 * @param stallRecovery whether to recover stalled workers
	 */
	public void setStallRecovery(boolean stallRecovery) {
		this.stallRecovery = stallRecovery;
	}

	/**
	 * Set the policy that adds and removes workers with load, or {@code null} to keep the
	 * number of workers fixed.
	 * @param scalingPolicy the policy
	 */
	public void setScalingPolicy(@Nullable ScalingPolicy scalingPolicy) {
		this.scalingPolicy = scalingPolicy;
	}

	/**
	 * Return the scaling policy.
	 * @return the policy, or {@code null} when the number of workers is fixed
	 */
	public @Nullable ScalingPolicy getScalingPolicy() {
		return this.scalingPolicy;
	}

	/**
	 * Set the longest wait for a replaced worker's in-flight requests.
	 * @param drainTimeout the drain timeout, positive
	 */
	public void setDrainTimeout(Duration drainTimeout) {
		Assert.isTrue(!drainTimeout.isNegative() && !drainTimeout.isZero(), "'drainTimeout' must be positive");
		this.drainTimeout = drainTimeout;
	}

	/**
	 * Return the longest wait for a replaced worker's in-flight requests.
	 * @return the drain timeout
	 */
	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	/**
	 * Set how long a draining worker keeps connections without a request in flight open,
	 * so that a keep-alive client's next request is answered (with
	 * {@code Connection: close}) rather than reset. Connections still idle at its end are
	 * closed and WebSocket peers are asked to go away. Bounded by each drain's timeout.
	 * @param drainWindow the window, not negative; zero closes idle connections at once
	 */
	public void setDrainWindow(Duration drainWindow) {
		Assert.isTrue(!drainWindow.isNegative(), "'drainWindow' must not be negative");
		this.drainWindow = drainWindow;
	}

	/**
	 * Return how long a draining worker keeps idle connections open.
	 * @return the drain window
	 */
	public Duration getDrainWindow() {
		return this.drainWindow;
	}

	/**
	 * Set where workers serve the connections their listeners accept.
	 * @param balance the balance
	 */
	public void setBalance(ConnectionBalance balance) {
		Assert.notNull(balance, "'balance' must not be null");
		this.balance = balance;
	}

	/**
	 * Return where workers serve the connections their listeners accept.
	 * @return the balance
	 */
	public ConnectionBalance getBalance() {
		return this.balance;
	}

	/**
	 * Set the pause between two workers of a rolling restart.
	 * @param restartDelay the delay, not negative
	 */
	public void setRestartDelay(Duration restartDelay) {
		Assert.isTrue(!restartDelay.isNegative(), "'restartDelay' must not be negative");
		this.restartDelay = restartDelay;
	}

	/**
	 * Return the pause between two workers of a rolling restart.
	 * @return the delay
	 */
	public Duration getRestartDelay() {
		return this.restartDelay;
	}

	/**
	 * Return the stall threshold.
	 * @return the threshold
	 */
	public Duration getStallThreshold() {
		return this.stallThreshold;
	}

	/**
	 * Set the operating system name that decides whether the kernel balances connections;
	 * defaults to {@code os.name}. Lets tests take the fallback path on Linux.
	 * @param operatingSystem the operating system name
	 */
	void setOperatingSystem(String operatingSystem) {
		this.operatingSystem = operatingSystem;
	}

	private static @Nullable Duration positiveOrNull(@Nullable Duration duration) {
		return (duration != null && !duration.isZero() && !duration.isNegative()) ? duration : null;
	}

}
