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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Checks the framing of each HTTP/1.1 request of one connection; see
 * {@link StrictHttpServerCustomizer}. A chunked request is held back until its body ends
 * or the current read from the socket does, so that a body whose framing fails in what
 * arrived with its head never reaches the application; a failure in a later read closes
 * the connection. After a rejection everything else the connection sends is dropped until
 * it closes.
 *
 * @author reuseport team
 */
final class StrictFramingHandler extends ChannelDuplexHandler {

	static final String NAME = "reuseport.strictFraming";

	private final RejectionLog log;

	private boolean rejected;

	private @Nullable List<Object> held;

	StrictFramingHandler(RejectionLog log) {
		this.log = log;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.rejected) {
			if (msg instanceof HttpObject) {
				ReferenceCountUtil.release(msg);
				return;
			}
			ctx.fireChannelRead(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			Rejection rejection = check(request);
			if (rejection != null) {
				ReferenceCountUtil.release(msg);
				releaseHeld();
				reject(ctx, rejection);
				return;
			}
			if (!(msg instanceof LastHttpContent) && HttpUtil.isTransferEncodingChunked(request)) {
				fireHeld(ctx);
				this.held = new ArrayList<>(4);
				this.held.add(msg);
				return;
			}
		}
		else if (msg instanceof HttpContent content) {
			if (content.decoderResult().isFailure()) {
				ReferenceCountUtil.release(msg);
				bodyFailed(ctx, content.decoderResult().cause());
				return;
			}
			List<Object> held = this.held;
			if (held != null) {
				held.add(msg);
				if (msg instanceof LastHttpContent) {
					fireHeld(ctx);
				}
				return;
			}
		}
		ctx.fireChannelRead(msg);
	}

	/**
	 * A {@code 304} has no body, so it carries no framing of one: Reactor Netty sends
	 * {@code Transfer-Encoding: chunked} (or {@code Content-Length: 0}) on a {@code 304}
	 * to a {@code HEAD}, which would tell a client to wait for a body.
	 */
	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof HttpResponse response && response.status().code() == 304) {
			response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING).remove(HttpHeaderNames.CONTENT_LENGTH);
		}
		ctx.write(msg, promise);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		fireHeld(ctx);
		ctx.fireChannelReadComplete();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		releaseHeld();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		releaseHeld();
	}

	/**
	 * A chunked body whose framing failed: if its request is still held, nobody saw it
	 * and it gets a {@code 400}; otherwise the application is reading it, and the
	 * connection is closed, which fails that read.
	 * @param ctx the handler's context
	 * @param cause why the framing failed
	 */
	private void bodyFailed(ChannelHandlerContext ctx, Throwable cause) {
		if (this.held != null) {
			releaseHeld();
			reject(ctx, new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed chunked body"));
			return;
		}
		this.rejected = true;
		this.log.rejected("by closing the connection",
				"malformed chunked body (" + cause.getClass().getSimpleName() + ")", ctx.channel().remoteAddress());
		ctx.close();
	}

	private void fireHeld(ChannelHandlerContext ctx) {
		List<Object> held = this.held;
		this.held = null;
		if (held != null) {
			for (Object msg : held) {
				ctx.fireChannelRead(msg);
			}
		}
	}

	private void releaseHeld() {
		List<Object> held = this.held;
		this.held = null;
		if (held != null) {
			held.forEach(ReferenceCountUtil::release);
		}
	}

	private @Nullable Rejection check(HttpRequest request) {
		DecoderResult result = request.decoderResult();
		if (result.isFailure()) {
			Throwable cause = result.cause();
			if (cause instanceof TooLongHttpLineException) {
				return new Rejection(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
			}
			if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
				return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header fields too large");
			}
			return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed request");
		}
		HttpVersion version = request.protocolVersion();
		if (version.majorVersion() != 1) {
			return new Rejection(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
					"HTTP version " + version.majorVersion() + "." + version.minorVersion());
		}
		if (version.minorVersion() > 1) {
			request.setProtocolVersion(HttpVersion.HTTP_1_1);
		}
		HttpHeaders headers = request.headers();
		if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
				return new Rejection(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding with Content-Length");
			}
			if (!onlyChunked(headers.getAll(HttpHeaderNames.TRANSFER_ENCODING))) {
				return new Rejection(HttpResponseStatus.BAD_REQUEST, "unsupported Transfer-Encoding");
			}
		}
		Iterator<? extends CharSequence> hosts = headers.valueCharSequenceIterator(HttpHeaderNames.HOST);
		CharSequence host = hosts.hasNext() ? hosts.next() : null;
		if (hosts.hasNext()) {
			return new Rejection(HttpResponseStatus.BAD_REQUEST, "more than one Host");
		}
		if (host == null && request.protocolVersion().minorVersion() == 1) {
			return new Rejection(HttpResponseStatus.BAD_REQUEST, "no Host");
		}
		if (host != null && !RequestTargets.isHost(host)) {
			return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid Host");
		}
		return checkTarget(request);
	}

	/**
	 * Check the request target: origin form, {@code *} for {@code OPTIONS}, or absolute
	 * form, which is turned into origin form with its authority as the {@code Host},
	 * since the target's authority wins over a {@code Host} field (RFC 9112 section
	 * 3.2.2) and everything after this handler (routes, forwarded headers, the HTTP
	 * cache) reads the host from {@code Host}.
	 * @param request the request
	 * @return why it is rejected, or {@code null}
	 */
	private @Nullable Rejection checkTarget(HttpRequest request) {
		String target = request.uri();
		if (!target.isEmpty() && target.charAt(0) == '/') {
			return RequestTargets.isPathAndQuery(target, 0) ? null
					: new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid request target");
		}
		if ("*".equals(target) && HttpMethod.OPTIONS.equals(request.method())) {
			return null;
		}
		RequestTargets.AbsoluteForm absolute = RequestTargets.absoluteForm(target);
		if (absolute == null) {
			return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid request target");
		}
		request.setUri(absolute.originForm());
		request.headers().set(HttpHeaderNames.HOST, absolute.authority());
		return null;
	}

	/**
	 * Return whether the transfer codings are exactly {@code chunked}: the only one this
	 * server decodes, once.
	 * @param encodings the {@code Transfer-Encoding} values
	 * @return whether they name {@code chunked}, once and last
	 */
	private static boolean onlyChunked(List<String> encodings) {
		int codings = 0;
		for (String value : encodings) {
			for (String coding : value.split(",")) {
				String trimmed = coding.trim().toLowerCase(Locale.ROOT);
				if (trimmed.isEmpty()) {
					continue;
				}
				if (!HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(trimmed) || ++codings > 1) {
					return false;
				}
			}
		}
		return codings == 1;
	}

	private void reject(ChannelHandlerContext ctx, Rejection rejection) {
		this.rejected = true;
		this.log.rejected("with " + rejection.status().code(), rejection.reason(), ctx.channel().remoteAddress());
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, rejection.status(),
				Unpooled.EMPTY_BUFFER);
		response.headers()
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
		ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

	private record Rejection(HttpResponseStatus status, String reason) {

	}

}
