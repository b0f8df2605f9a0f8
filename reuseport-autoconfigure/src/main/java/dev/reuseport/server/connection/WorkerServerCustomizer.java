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

package dev.reuseport.server.connection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.reuseport.server.linux.WorkerTransport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerState;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Turns the web server's configured {@link HttpServer} (every {@code server.*} setting
 * and user customizer already applied, once) into one worker's server: its own loops, the
 * shared address with {@code SO_REUSEPORT}, the slow-client defaults, the balancer's
 * acceptor and the worker's counters. It is applied last, so its loops and address win.
 *
 * @author reuseport team
 */
public final class WorkerServerCustomizer implements NettyServerCustomizer {

	private final int workerIndex;

	private final LoopResources loops;

	private final @Nullable WorkerTransport reusePortTransport;

	private final Supplier<InetSocketAddress> bindAddress;

	private final WorkerStatistics statistics;

	private final WorkerHandle handle;

	private final @Nullable Duration idleTimeout;

	private final @Nullable Duration requestHeaderTimeout;

	private final ConnectionBalancer.@Nullable Member member;

	private final Map<EventLoop, ConnectionDeadlines> deadlines = new ConcurrentHashMap<>();

	private volatile @Nullable Duration effectiveIdleTimeout;

	/**
	 * Create a new instance.
	 * @param workerIndex the worker's index
	 * @param loops the worker's loops
	 * @param reusePortTransport the transport whose {@code SO_REUSEPORT} option to set,
	 * or {@code null} to bind without it
	 * @param bindAddress the address to bind
	 * @param statistics the worker's counters
	 * @param handle receives the bound server; tells whether the worker drains
	 * @param idleTimeout the idle timeout to apply when {@code server.netty.idle-timeout}
	 * is not set (which keeps Reactor Netty's own), or {@code null}
	 * @param requestHeaderTimeout the request header deadline, or {@code null}
	 * @param member the worker's seat in the connection balancer, or {@code null} when
	 * connections stay where the kernel put them
	 */
	public WorkerServerCustomizer(int workerIndex, LoopResources loops, @Nullable WorkerTransport reusePortTransport,
			Supplier<InetSocketAddress> bindAddress, WorkerStatistics statistics, WorkerHandle handle,
			@Nullable Duration idleTimeout, @Nullable Duration requestHeaderTimeout,
			ConnectionBalancer.@Nullable Member member) {
		this.workerIndex = workerIndex;
		this.loops = loops;
		this.reusePortTransport = reusePortTransport;
		this.bindAddress = bindAddress;
		this.statistics = statistics;
		this.handle = handle;
		this.idleTimeout = idleTimeout;
		this.requestHeaderTimeout = requestHeaderTimeout;
		this.member = member;
	}

	@Override
	public HttpServer apply(HttpServer httpServer) {
		HttpServer server = httpServer.runOn(this.loops).bindAddress(this.bindAddress);
		if (this.reusePortTransport != null) {
			server = server.option(this.reusePortTransport.reusePortOption(), true);
		}
		this.effectiveIdleTimeout = (server.configuration().idleTimeout() == null) ? this.idleTimeout : null;
		return server.doOnBound(this::bound).doOnChannelInit(this::onChannelInit).childObserve(this::onStateChange);
	}

	private void bound(DisposableServer server) {
		this.handle.bound(server);
		if (this.member != null) {
			server.channel().pipeline().addFirst(BalancingAcceptor.NAME, new BalancingAcceptor(this.member));
		}
	}

	private void onChannelInit(ConnectionObserver observer, Channel channel, @Nullable SocketAddress remoteAddress) {
		if (!(channel.parent() instanceof ServerChannel)) {
			return;
		}
		this.statistics.connectionOpened();
		ServingWorker.set(channel, this.workerIndex);
		this.handle.connectionOpened(channel);
		ConnectionBalancer.track(channel);
		channel.closeFuture().addListener((future) -> this.statistics.connectionClosed());
		if (this.handle.isDraining()) {
			DrainingResponseHandler.install(channel);
		}
		Duration idle = this.effectiveIdleTimeout;
		if (idle != null || this.requestHeaderTimeout != null) {
			ConnectionDeadlines loopDeadlines = this.deadlines.computeIfAbsent(channel.eventLoop(),
					(loop) -> new ConnectionDeadlines(loop, idle, this.requestHeaderTimeout));
			channel.pipeline()
				.addFirst(ConnectionDeadlineHandler.NAME,
						new ConnectionDeadlineHandler(loopDeadlines, this.statistics));
		}
	}

	private void onStateChange(Connection connection, ConnectionObserver.State state) {
		if (state == HttpServerState.REQUEST_RECEIVED) {
			this.statistics.requestReceived();
			Channel channel = connection.channel();
			if (isHttp2Stream(channel)) {
				ConnectionDeadlineHandler handler = ConnectionDeadlineHandler.of(channel.parent());
				if (handler != null) {
					handler.disable();
				}
			}
			else {
				ConnectionDeadlineHandler handler = ConnectionDeadlineHandler.of(channel);
				if (handler != null) {
					handler.requestReceived();
				}
			}
		}
		else if (state == ConnectionObserver.State.DISCONNECTING) {
			ConnectionDeadlineHandler handler = ConnectionDeadlineHandler.of(connection.channel());
			if (handler != null) {
				handler.requestCompleted();
			}
		}
	}

	private static boolean isHttp2Stream(Channel channel) {
		return channel.parent() != null && !(channel.parent() instanceof ServerChannel);
	}

}
