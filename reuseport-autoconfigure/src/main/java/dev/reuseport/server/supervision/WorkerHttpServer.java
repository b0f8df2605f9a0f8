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
import java.util.List;
import java.util.function.BiFunction;

import io.netty.channel.unix.Errors.NativeIoException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.ChannelBindException;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

/**
 * The listener and handler of one worker: its {@link HttpServer} serving the application
 * behind Spring Boot's route providers, as Boot's {@code NettyWebServer} serves it, but
 * without a log line and an await thread per worker (the {@link WorkerGroup} logs once
 * and keeps the JVM alive once).
 *
 * @author reuseport team
 */
final class WorkerHttpServer implements WebServer {

	private static final int EADDRINUSE_LINUX = 98;

	private final HttpServer httpServer;

	private final BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler;

	private final List<NettyRouteProvider> routeProviders;

	private final @Nullable Duration lifecycleTimeout;

	private volatile @Nullable DisposableServer disposableServer;

	WorkerHttpServer(HttpServer httpServer,
			BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler,
			List<NettyRouteProvider> routeProviders, @Nullable Duration lifecycleTimeout) {
		this.httpServer = httpServer;
		this.handler = handler;
		this.routeProviders = List.copyOf(routeProviders);
		this.lifecycleTimeout = lifecycleTimeout;
	}

	@Override
	public void start() throws WebServerException {
		if (this.disposableServer != null) {
			return;
		}
		HttpServer server = this.routeProviders.isEmpty() ? this.httpServer.handle(this.handler)
				: this.httpServer.route(this::applyRouteProviders);
		try {
			this.disposableServer = (this.lifecycleTimeout != null) ? server.bindNow(this.lifecycleTimeout)
					: server.bindNow();
		}
		catch (RuntimeException ex) {
			PortInUseException.ifCausedBy(ex, ChannelBindException.class, (bind) -> {
				if (bind.localPort() > 0) {
					PortInUseException.throwIfPortBindingException(bind, bind::localPort);
					if (isAddressInUse(bind.getCause())) {
						throw new PortInUseException(bind.localPort(), ex);
					}
				}
			});
			throw new WebServerException("Unable to start Netty", ex);
		}
	}

	/**
	 * Whether a native transport failed to bind with {@code EADDRINUSE} (98 on Linux):
	 * epoll reports it as a {@link NativeIoException}, not a {@code BindException}.
	 * @param cause the cause of the bind failure
	 * @return whether the address is in use
	 */
	private static boolean isAddressInUse(@Nullable Throwable cause) {
		return cause instanceof NativeIoException nativeException && nativeException.expectedErr() == -EADDRINUSE_LINUX;
	}

	private void applyRouteProviders(HttpServerRoutes routes) {
		HttpServerRoutes applied = routes;
		for (NettyRouteProvider provider : this.routeProviders) {
			applied = provider.apply(applied);
		}
		applied.route((request) -> true, this.handler);
	}

	@Override
	public void stop() throws WebServerException {
		DisposableServer server = this.disposableServer;
		if (server == null) {
			return;
		}
		try {
			if (this.lifecycleTimeout != null) {
				server.disposeNow(this.lifecycleTimeout);
			}
			else {
				server.disposeNow();
			}
		}
		catch (IllegalStateException ex) {
			// timed out: the event loops are released next, which closes what is left
		}
		this.disposableServer = null;
	}

	@Override
	public int getPort() {
		DisposableServer server = this.disposableServer;
		return (server != null) ? server.port() : -1;
	}

}
