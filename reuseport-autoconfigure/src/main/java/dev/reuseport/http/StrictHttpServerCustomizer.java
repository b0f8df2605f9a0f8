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

package dev.reuseport.http;

import io.netty.channel.ServerChannel;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Rejects HTTP/1.1 requests whose framing is ambiguous or invalid (RFC 9112), before
 * Reactor Netty and the application see them: an unknown or repeated
 * {@code Transfer-Encoding}, {@code Transfer-Encoding} together with
 * {@code Content-Length}, a missing, repeated or malformed {@code Host} (RFC 3986 host
 * syntax; a comma counts as two), a request target with characters RFC 3986 does not
 * allow (controls, spaces, {@code "<>\^`{|}#}, bad percent-encodings), a major version
 * other than 1, requests that failed to decode, and chunked bodies whose framing fails in
 * the read that brought their request (the request is held back until then, so the
 * application never sees it). They get {@code 400} (or {@code 505}, {@code 414},
 * {@code 431}) and the connection is closed; a chunked body that fails later closes the
 * connection, which fails the application's read of it. A higher {@code 1.x} minor
 * version is served as {@code 1.1}, and an absolute-form target is served in origin form
 * with its authority as {@code Host} (RFC 9112 section 3.2.2), so that the application
 * and the HTTP cache see the same host. One short WARN line is logged for rejected
 * requests, at most once a second, instead of Reactor Netty's line for each request that
 * failed to decode. A {@code 304} goes out without {@code Transfer-Encoding} and
 * {@code Content-Length}, which Reactor Netty adds to one that answers a {@code HEAD}.
 * <p>
 * Applies to connections whose pipeline has Reactor Netty's HTTP/1.1 traffic handler,
 * HTTP/1.1 over TLS and cleartext HTTP/2 upgrade offers included; HTTP/2 streams have
 * their own framing.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class StrictHttpServerCustomizer implements NettyServerCustomizer {

	private final RejectionLog log = new RejectionLog();

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remoteAddress) -> {
			if (channel.parent() instanceof ServerChannel
					&& channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
				channel.pipeline()
					.addBefore(NettyPipeline.HttpTrafficHandler, StrictFramingHandler.NAME,
							new StrictFramingHandler(this.log));
			}
		});
	}

}
