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

import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * What a draining worker does to each of its connections, in two steps; the second runs
 * on the connection's own event loop, so that it sees whether a request is in flight.
 * <ol>
 * <li>When the drain starts, {@link #announce}: an HTTP/2 connection gets a GOAWAY that
 * still admits every stream (RFC 9113 §6.8), so that the client stops opening streams
 * without racing the ones already on their way. An HTTP/1.1 connection gets a
 * {@link DrainingResponseHandler}, which marks its responses from then on
 * {@code Connection: close}.</li>
 * <li>At the end of the drain window, {@link #closeIdle}: an HTTP/1.1 connection with no
 * request in flight, not even the first bytes of one, is closed; a WebSocket gets a close
 * frame with status 1001 (going away); an HTTP/2 connection gets the final GOAWAY, naming
 * the last stream it will process, and closes once those streams complete.</li>
 * </ol>
 * An HTTP/1.1 connection on which no request arrived during the whole window is closed
 * while its client may be sending: HTTP/1.1 has no way to announce a close to an idle
 * client (RFC 9112 §9.6), so a longer window only makes that rarer.
 *
 * @author reuseport team
 */
public final class DrainingConnections {

	private DrainingConnections() {
	}

	/**
	 * Announce the drain on a connection.
	 * @param channel the connection
	 */
	public static void announce(Channel channel) {
		if (isHttp2(channel)) {
			channel
				.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR).setExtraStreamIds(Integer.MAX_VALUE));
		}
		else {
			DrainingResponseHandler.install(channel);
		}
	}

	/**
	 * End the drain window on a connection: close it if it is idle, ask a WebSocket peer
	 * to go away, send HTTP/2's final GOAWAY.
	 * @param channel the connection
	 */
	public static void closeIdle(Channel channel) {
		onLoop(channel, () -> {
			if (!channel.isActive()) {
				return;
			}
			if (isHttp2(channel)) {
				channel.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
				channel.close();
				return;
			}
			ChannelOperations<?, ?> operations = ChannelOperations.get(channel);
			if (operations instanceof WebsocketOutbound websocket) {
				WebSocketCloseStatus goingAway = WebSocketCloseStatus.ENDPOINT_UNAVAILABLE;
				websocket.sendClose(goingAway.code(), goingAway.reasonText()).subscribe();
			}
			else if (operations == null && !isReceivingRequest(channel)) {
				channel.close();
			}
		});
	}

	/**
	 * Run a task on a connection's event loop: at once when called there, else as a task
	 * of the loop. A loop that is shutting down refuses the task, and the connection
	 * closes with the loop, so the drain goes on with the other connections.
	 * @param channel the connection
	 * @param task the task
	 */
	static void onLoop(Channel channel, Runnable task) {
		if (channel.eventLoop().inEventLoop()) {
			task.run();
			return;
		}
		try {
			channel.eventLoop().execute(task);
		}
		catch (RejectedExecutionException ex) {
			// the loop is shutting down, and the connection closes with it
		}
	}

	private static boolean isHttp2(Channel channel) {
		return channel.pipeline().get(Http2FrameCodec.class) != null;
	}

	private static boolean isReceivingRequest(Channel channel) {
		ConnectionDeadlineHandler deadlines = ConnectionDeadlineHandler.of(channel);
		return deadlines != null && deadlines.isReceivingHeaders();
	}

}
