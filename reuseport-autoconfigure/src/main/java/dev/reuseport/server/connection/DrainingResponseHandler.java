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

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/**
 * While its worker drains, marks HTTP/1.1 responses {@code Connection: close}, so that a
 * client with a request in flight closes the connection after the response and opens its
 * next one to a worker that stays. Placed before Reactor Netty's traffic handler, which
 * then closes the connection after the response. (HTTP/2 connections get a GOAWAY from
 * Reactor Netty instead.)
 *
 * @author reuseport team
 */
@Sharable
public final class DrainingResponseHandler extends ChannelOutboundHandlerAdapter {

	static final String NAME = "reuseport.drainingResponse";

	private final WorkerHandle handle;

	DrainingResponseHandler(WorkerHandle handle) {
		this.handle = handle;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (this.handle.isDraining() && msg instanceof HttpResponse response) {
			HttpUtil.setKeepAlive(response, false);
		}
		ctx.write(msg, promise);
	}

}
