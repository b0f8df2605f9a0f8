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

package dev.reuseport.cache.http;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Keeps a keep-alive HTTP/1.1 connection readable after each response. Reactor Netty
 * 1.3.7 can leave such a connection with no read pending when a request that arrived
 * while the previous response was still completing is answered synchronously (issue
 * 4361): the client waits for an answer that never comes. The HTTP response cache makes
 * that common, since a hit completes synchronously and a stored miss completes after the
 * client has its whole body. After a response that ended with auto-read off (its request
 * not read to the end, the only case that can stall), this customizer asks the
 * connection's event loop, once Reactor Netty's own scheduled work has run, to read again
 * if no request is being served; a read that is already pending makes it a no-op. Other
 * responses cost one check.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class ReadResumingServerCustomizer implements NettyServerCustomizer {

	@Override
	public HttpServer apply(HttpServer server) {
		return server.childObserve(ReadResumingServerCustomizer::onStateChange);
	}

	private static void onStateChange(Connection connection, ConnectionObserver.State state) {
		if (state != ConnectionObserver.State.DISCONNECTING) {
			return;
		}
		Channel channel = connection.channel();
		// A request that completed normally left auto-read on, and then nothing can be
		// stuck: only a response that ended before its request's last content was read
		// (auto-read off) needs the check, so most responses cost nothing here
		if (!(channel.parent() instanceof ServerChannel) || channel.config().isAutoRead()) {
			return;
		}
		channel.eventLoop().execute(() -> {
			if (channel.isActive() && ChannelOperations.get(channel) == null) {
				channel.read();
			}
		});
	}

}
