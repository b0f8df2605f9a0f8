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

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Checks the framing of each HTTP/1.1 request of one connection; see
 * {@link StrictHttpServerCustomizer}. After a rejection everything else the connection
 * sends is dropped until it closes.
 *
 * @author reuseport team
 */
final class StrictFramingHandler extends ChannelInboundHandlerAdapter {

	static final String NAME = "reuseport.strictFraming";

	private final RejectionLog log;

	private boolean rejected;

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
				reject(ctx, rejection);
				return;
			}
		}
		ctx.fireChannelRead(msg);
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
		if (request.protocolVersion().minorVersion() == 1) {
			int hosts = hostCount(headers);
			if (hosts != 1) {
				return new Rejection(HttpResponseStatus.BAD_REQUEST, (hosts > 1) ? "more than one Host" : "no Host");
			}
		}
		return null;
	}

	/**
	 * Count the {@code Host} fields, stopping at two, without copying their values into a
	 * list (this runs for every request).
	 * @param headers the request headers
	 * @return 0, 1 or 2 (two or more)
	 */
	private static int hostCount(HttpHeaders headers) {
		Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(HttpHeaderNames.HOST);
		if (!values.hasNext()) {
			return 0;
		}
		values.next();
		return values.hasNext() ? 2 : 1;
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
		this.log.rejected(rejection.status().code(), rejection.reason(), ctx.channel().remoteAddress());
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
