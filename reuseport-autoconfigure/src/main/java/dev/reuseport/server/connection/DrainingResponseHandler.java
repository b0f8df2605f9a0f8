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

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import reactor.netty.NettyPipeline;

/**
 * Marks every HTTP/1.1 response {@code Connection: close}, so that a client with a
 * request in flight closes the connection after the response and opens its next one to a
 * worker that stays. Placed before Reactor Netty's traffic handler, which then closes the
 * connection after the response. It joins a connection's pipeline only when the drain
 * starts ({@link #install}), so that serving a request costs nothing for it until then.
 * (HTTP/2 connections get a GOAWAY instead.)
 *
 * @author reuseport team
 */
@Sharable
final class DrainingResponseHandler extends ChannelOutboundHandlerAdapter {

	static final String NAME = "reuseport.drainingResponse";

	private static final DrainingResponseHandler INSTANCE = new DrainingResponseHandler();

	private DrainingResponseHandler() {
	}

	/**
	 * Add the handler to an HTTP/1.1 connection's pipeline, unless it is there already.
	 * Runs on the connection's event loop, so that it orders with the responses written
	 * there: every response written after it is marked.
	 * @param channel the connection
	 */
	static void install(Channel channel) {
		DrainingConnections.onLoop(channel, () -> addTo(channel.pipeline()));
	}

	private static void addTo(ChannelPipeline pipeline) {
		if (pipeline.get(NAME) == null && pipeline.get(NettyPipeline.ReactiveBridge) != null) {
			pipeline.addBefore(NettyPipeline.ReactiveBridge, NAME, INSTANCE);
		}
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (msg instanceof HttpResponse response) {
			HttpUtil.setKeepAlive(response, false);
		}
		ctx.write(msg, promise);
	}

}
