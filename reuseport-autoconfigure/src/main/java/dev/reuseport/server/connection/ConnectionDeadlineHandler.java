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
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection that waits too long for its next request (idle timeout) or whose
 * request headers do not arrive in time (request header timeout, against clients that
 * trickle bytes: slowloris).
 * <p>
 * The header deadline starts with the first byte of a request (or of the TLS handshake)
 * and ends when Reactor Netty reports the request's headers as received; the idle
 * deadline runs while a keep-alive connection waits for the next request's first byte.
 * While a request is in flight no deadline runs. Once a connection carries HTTP/2 its
 * deadlines are off. Deadlines are checked by the event loop's
 * {@link ConnectionDeadlines} sweep. All methods run on the connection's event loop.
 *
 * @author reuseport team
 */
public final class ConnectionDeadlineHandler extends ChannelInboundHandlerAdapter {

	static final String NAME = "reuseport.connectionDeadlines";

	private static final AttributeKey<ConnectionDeadlineHandler> KEY = AttributeKey
		.valueOf(ConnectionDeadlineHandler.class.getName());

	private final ConnectionDeadlines deadlines;

	private final WorkerStatistics statistics;

	private @Nullable ChannelHandlerContext context;

	private Phase phase = Phase.IDLE;

	private long deadline;

	@Nullable ConnectionDeadlineHandler previous;

	@Nullable ConnectionDeadlineHandler next;

	ConnectionDeadlineHandler(ConnectionDeadlines deadlines, WorkerStatistics statistics) {
		this.deadlines = deadlines;
		this.statistics = statistics;
	}

	static @Nullable ConnectionDeadlineHandler of(@Nullable Channel channel) {
		return (channel != null) ? channel.attr(KEY).get() : null;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
		ctx.channel().attr(KEY).set(this);
		this.deadlines.add(this);
		this.deadline = this.deadlines.idleDeadline();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.phase == Phase.IDLE) {
			this.phase = Phase.HEADERS;
			this.deadline = this.deadlines.headerDeadline();
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.phase = Phase.OFF;
		this.deadlines.remove(this);
		ctx.fireChannelInactive();
	}

	/**
	 * The headers of a request on this connection were received.
	 */
	void requestReceived() {
		if (this.phase != Phase.OFF) {
			this.phase = Phase.IN_REQUEST;
		}
	}

	/**
	 * A request on this connection has ended; the connection waits for the next one.
	 */
	void requestCompleted() {
		if (this.phase == Phase.IN_REQUEST) {
			this.phase = Phase.IDLE;
			this.deadline = this.deadlines.idleDeadline();
		}
	}

	/**
	 * The connection carries HTTP/2: no deadline applies from now on.
	 */
	void disable() {
		if (this.phase != Phase.OFF) {
			this.phase = Phase.OFF;
			this.deadlines.remove(this);
		}
	}

	/**
	 * Return whether the first bytes of a request arrived and its headers are not
	 * complete yet.
	 * @return whether a request is being received
	 */
	boolean isReceivingHeaders() {
		return this.phase == Phase.HEADERS;
	}

	void checkDeadline(long now) {
		if ((this.phase != Phase.IDLE && this.phase != Phase.HEADERS) || this.deadline == 0
				|| now - this.deadline < 0) {
			return;
		}
		ChannelHandlerContext ctx = this.context;
		if (this.phase == Phase.HEADERS) {
			this.statistics.requestHeaderTimedOut();
		}
		else {
			this.statistics.idleTimedOut();
		}
		this.phase = Phase.OFF;
		this.deadlines.remove(this);
		if (ctx != null) {
			ctx.close();
		}
	}

	private enum Phase {

		IDLE, HEADERS, IN_REQUEST, OFF

	}

}
