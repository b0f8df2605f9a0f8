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

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.reuseport.server.connection.ConnectionBalancer;
import dev.reuseport.server.connection.WorkerHandle;
import dev.reuseport.server.connection.WorkerServerCustomizer;
import dev.reuseport.server.connection.WorkerStatistics;
import dev.reuseport.server.linux.WorkerTransport;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

/**
 * Makes every worker of one web server from the {@link HttpServer} that Spring Boot
 * configured once: each worker gets its own event loops, its listener on the shared port
 * and its connection handlers. Workers of one index share their statistics across
 * generations; with balanced placement, every worker is a member of one
 * {@link ConnectionBalancer}.
 *
 * @author reuseport team
 * @since 0.2.0
 */
public final class WorkerTemplate implements ReusePortWorkerFactory {

	private final HttpServer configured;

	private final ReactorHttpHandlerAdapter handler;

	private final List<NettyRouteProvider> routeProviders;

	private final WorkerTransport transport;

	private final @Nullable WorkerTransport reusePort;

	private final @Nullable InetAddress address;

	private final WorkerOptions options;

	private final @Nullable ConnectionBalancer balancer;

	private final Map<Integer, WorkerStatistics> statistics = new ConcurrentHashMap<>();

	/**
	 * Create a new template.
	 * @param configured the server as Spring Boot configured it
	 * @param handler the application
	 * @param routeProviders the route providers of Spring Boot, ahead of the application
	 * @param transport the event-loop transport
	 * @param reusePort the transport that sets {@code SO_REUSEPORT} on the listeners, or
	 * {@code null} where the platform has no such option (one worker)
	 * @param address the address to bind, {@code null} for every address
	 * @param options the options of every worker
	 * @param balanced whether each accepted connection is served by the worker with the
	 * fewest connections rather than by the one whose listener accepted it
	 */
	public WorkerTemplate(HttpServer configured, ReactorHttpHandlerAdapter handler,
			List<NettyRouteProvider> routeProviders, WorkerTransport transport, @Nullable WorkerTransport reusePort,
			@Nullable InetAddress address, WorkerOptions options, boolean balanced) {
		this.configured = configured;
		this.handler = handler;
		this.routeProviders = List.copyOf(routeProviders);
		this.transport = transport;
		this.reusePort = reusePort;
		this.address = address;
		this.options = options;
		this.balancer = (balanced && reusePort != null) ? new ConnectionBalancer() : null;
	}

	@Override
	public ReusePortWorker createWorker(int index, int generation, int port) {
		WorkerStatistics counters = this.statistics.computeIfAbsent(index, (key) -> new WorkerStatistics());
		ConnectionBalancer.Member member = (this.balancer != null) ? this.balancer.newMember(counters) : null;
		WorkerLoopResources loops = new WorkerLoopResources(index, generation, this.options.threads(), this.transport);
		WorkerHandle handle = new WorkerHandle();
		WorkerServerCustomizer customizer = new WorkerServerCustomizer(index, loops, this.reusePort,
				() -> WorkerGroupSettings.listenAddress(this.address, port), counters, handle,
				this.options.idleTimeout(), this.options.requestHeaderTimeout(), member);
		try {
			WorkerHttpServer server = new WorkerHttpServer(customizer.apply(this.configured), this.handler,
					this.routeProviders, this.options.lifecycleTimeout());
			return new ReusePortWorker(index, generation, this.transport, server, loops, this.options.threads(),
					counters, handle, this.options.probeInterval(), this.options.stallThreshold(),
					this.options.drainWindow(), member);
		}
		catch (RuntimeException ex) {
			loops.dispose();
			throw ex;
		}
	}

	/**
	 * The options of every worker of a web server.
	 *
	 * @param threads the event-loop threads of each worker
	 * @param idleTimeout the idle timeout applied when {@code server.netty.idle-timeout}
	 * is not set, {@code null} for none
	 * @param requestHeaderTimeout how long a client may take to send a request's headers,
	 * {@code null} for no limit
	 * @param probeInterval how often each event loop is probed
	 * @param stallThreshold how long an event loop may miss its probe before its worker
	 * counts as stalled
	 * @param drainWindow how long a draining worker keeps idle connections open
	 * @param lifecycleTimeout the longest bind and dispose, {@code null} for Reactor
	 * Netty's default
	 */
	public record WorkerOptions(int threads, @Nullable Duration idleTimeout, @Nullable Duration requestHeaderTimeout,
			Duration probeInterval, Duration stallThreshold, Duration drainWindow,
			@Nullable Duration lifecycleTimeout) {

	}

}
