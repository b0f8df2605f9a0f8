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

package dev.reuseport.netty;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection whose request headers do not arrive in time, which Reactor Netty's
 * idle timeout does not catch when a client trickles bytes (slowloris).
 * <p>
 * The deadline starts with the first byte of a request (or of the TLS handshake) and ends
 * when Reactor Netty reports the request's headers as received. Between keep-alive
 * requests no deadline runs: the idle timeout governs that time. Once a connection
 * carries HTTP/2 the deadline is off for good, since its streams are bounded by HTTP/2
 * flow control. All methods run on the connection's event loop.
 *
 * @author reuseport team
 */
final class RequestHeaderTimeoutHandler extends ChannelInboundHandlerAdapter {

	static final String NAME = "reuseport.requestHeaderTimeout";

	private final long timeoutNanos;

	private final WorkerStatistics statistics;

	private @Nullable ChannelHandlerContext context;

	private @Nullable ScheduledFuture<?> deadline;

	private boolean awaitingRequest = true;

	private boolean disabled;

	RequestHeaderTimeoutHandler(Duration timeout, WorkerStatistics statistics) {
		this.timeoutNanos = timeout.toNanos();
		this.statistics = statistics;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.awaitingRequest && !this.disabled && this.deadline == null) {
			this.deadline = ctx.executor().schedule(this::expire, this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancel();
		ctx.fireChannelInactive();
	}

	/**
	 * The headers of a request on this connection were received.
	 */
	void requestReceived() {
		this.awaitingRequest = false;
		cancel();
	}

	/**
	 * A request on this connection has ended; the next byte starts a new deadline.
	 */
	void requestCompleted() {
		this.awaitingRequest = true;
	}

	/**
	 * The connection carries HTTP/2: no header deadline applies from now on.
	 */
	void disable() {
		this.disabled = true;
		cancel();
	}

	private void expire() {
		this.deadline = null;
		ChannelHandlerContext ctx = this.context;
		if (ctx != null && this.awaitingRequest && !this.disabled && ctx.channel().isActive()) {
			this.statistics.requestHeaderTimedOut();
			ctx.close();
		}
	}

	private void cancel() {
		ScheduledFuture<?> deadline = this.deadline;
		if (deadline != null) {
			deadline.cancel(false);
			this.deadline = null;
		}
	}

}
