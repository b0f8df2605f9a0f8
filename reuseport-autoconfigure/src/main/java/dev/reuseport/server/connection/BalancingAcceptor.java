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
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First handler of a worker's listener: passes each accepted connection to the
 * {@link ConnectionBalancer}, which lets it through to the listener's own acceptor or
 * hands it to another worker's, after this handler there.
 *
 * @author reuseport team
 */
public final class BalancingAcceptor extends ChannelInboundHandlerAdapter {

	static final String NAME = "reuseport.balancingAcceptor";

	private final ConnectionBalancer.Member member;

	BalancingAcceptor(ConnectionBalancer.Member member) {
		this.member = member;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.member.acceptorAdded(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Channel child) {
			this.member.place(ctx, child);
		}
		else {
			ctx.fireChannelRead(msg);
		}
	}

}
