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

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.reuseport.cache.http.StoredResponse.Freshness;
import org.jspecify.annotations.Nullable;

/**
 * The one value a stored response takes in Redis: a versioned binary envelope of the
 * response (status, header fields, freshness, validators, {@code Vary} values, tags) and
 * its body, deflated above a size, optionally signed with HMAC-SHA-256. Never Java
 * serialization and never a class named by the data.
 * <p>
 * Reading treats the bytes as hostile: every count and length is checked against a bound
 * before anything is allocated, the body inflates to at most the maximum entry size, the
 * envelope names the key it was written for, and a bad signature, another version,
 * another key or anything left over is a miss. <pre>
 * "RPE" version(1) flags(1) payload [hmac(32)]
 * payload: key status headers freshness etag lastModified vary tags anonymous body
 * </pre>
 *
 * @author reuseport team
 */
final class ResponseEnvelope {

	/**
	 * The version of the envelope; part of every key too, so that instances of another
	 * version never read these entries.
	 */
	static final int VERSION = 1;

	private static final byte[] MAGIC = { 'R', 'P', 'E' };

	private static final int DEFLATED = 1;

	private static final int SIGNED = 2;

	private static final int MAX_FIELDS = 256;

	private static final int MAX_TAGS = 64;

	private static final int MAX_VARY = 16;

	private static final int MAX_STRING = 16 * 1024;

	private static final int HMAC_LENGTH = 32;

	private final long maxBodySize;

	private final int compressAbove;

	private final @Nullable SecretKeySpec signingKey;

	/**
	 * Create a new instance.
	 * @param maxBodySize the largest body read back
	 * @param compressAbove bodies larger than this are deflated, when that makes them
	 * smaller
	 * @param signingKey the HMAC key to sign and check envelopes with, or {@code null}
	 */
	ResponseEnvelope(long maxBodySize, int compressAbove, byte @Nullable [] signingKey) {
		this.maxBodySize = maxBodySize;
		this.compressAbove = compressAbove;
		this.signingKey = (signingKey != null) ? new SecretKeySpec(signingKey, "HmacSHA256") : null;
	}

	/**
	 * Write a stored response.
	 * @param key the key it is stored under
	 * @param response the response
	 * @return the envelope
	 */
	byte[] write(HttpCacheKey key, StoredResponse response) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + response.body().length);
			bytes.write(MAGIC);
			bytes.write(VERSION);
			byte[] body = response.body();
			byte[] deflated = (body.length > this.compressAbove) ? deflate(body) : null;
			boolean compress = deflated != null && deflated.length < body.length;
			bytes.write((compress ? DEFLATED : 0) | ((this.signingKey != null) ? SIGNED : 0));
			DataOutputStream out = new DataOutputStream(bytes);
			writeString(out, key.toString());
			out.writeShort(response.status());
			out.writeShort(response.headers().count());
			response.headers().forEach((name, value) -> writeUtf(out, name, value));
			Freshness freshness = response.freshness();
			out.writeLong(freshness.responseTime());
			out.writeLong(freshness.initialAge());
			out.writeLong(freshness.lifetime());
			out.writeLong(freshness.staleWhileRevalidate());
			out.writeLong(freshness.staleIfError());
			out.writeLong(freshness.keepStale());
			out.writeBoolean(freshness.mustRevalidate());
			out.writeBoolean(freshness.sharedMaxAge());
			out.writeBoolean(freshness.noCache());
			out.writeBoolean(response.etag() != null);
			if (response.etag() != null) {
				writeString(out, response.etag());
			}
			out.writeLong(response.lastModified());
			out.writeByte(response.vary().size());
			response.vary().forEach((name, value) -> writeUtf(out, name, value));
			out.writeByte(response.tags().size());
			for (String tag : response.tags()) {
				writeString(out, tag);
			}
			out.writeBoolean(response.anonymous());
			out.writeInt(body.length);
			byte[] written = compress ? deflated : body;
			out.writeInt(written.length);
			out.write(written);
			out.flush();
			if (this.signingKey != null) {
				bytes.write(hmac(bytes.toByteArray()));
			}
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return whether a response fits in an envelope: the bounds reading checks.
	 * @param response the response
	 * @return whether it can be written and read back
	 */
	boolean fits(StoredResponse response) {
		if (response.headers().count() > MAX_FIELDS || response.tags().size() > MAX_TAGS
				|| response.vary().size() > MAX_VARY || response.body().length > this.maxBodySize) {
			return false;
		}
		boolean[] fits = { true };
		response.headers()
			.forEach((name, value) -> fits[0] &= utf8Length(name) <= MAX_STRING && utf8Length(value) <= MAX_STRING);
		response.vary()
			.forEach((name, value) -> fits[0] &= utf8Length(name) <= MAX_STRING && utf8Length(value) <= MAX_STRING);
		for (String tag : response.tags()) {
			fits[0] &= utf8Length(tag) <= MAX_STRING;
		}
		return fits[0] && (response.etag() == null || utf8Length(response.etag()) <= MAX_STRING);
	}

	/**
	 * Read a stored response.
	 * @param key the key it was looked up under
	 * @param envelope the envelope
	 * @return the response
	 * @throws InvalidEnvelopeException if the bytes are not an envelope of this version,
	 * signature and key
	 */
	StoredResponse read(HttpCacheKey key, byte[] envelope) {
		int length = envelope.length;
		if (length < MAGIC.length + 2 || envelope[0] != MAGIC[0] || envelope[1] != MAGIC[1]
				|| envelope[2] != MAGIC[2]) {
			throw new InvalidEnvelopeException("not an envelope");
		}
		if (envelope[3] != VERSION) {
			throw new InvalidEnvelopeException("version " + envelope[3]);
		}
		int flags = envelope[4];
		if (((flags & SIGNED) != 0) != (this.signingKey != null)) {
			throw new InvalidEnvelopeException((this.signingKey != null) ? "not signed" : "signed");
		}
		int end = length;
		if (this.signingKey != null) {
			end = length - HMAC_LENGTH;
			if (end < 5) {
				throw new InvalidEnvelopeException("too short");
			}
			byte[] expected = hmac(envelope, end);
			byte[] actual = new byte[HMAC_LENGTH];
			System.arraycopy(envelope, end, actual, 0, HMAC_LENGTH);
			if (!MessageDigest.isEqual(expected, actual)) {
				throw new InvalidEnvelopeException("bad signature");
			}
		}
		Reader in = new Reader(envelope, 5, end);
		if (!key.toString().equals(in.string())) {
			throw new InvalidEnvelopeException("written for another key");
		}
		int status = in.unsignedShort();
		int fieldCount = in.bounded(in.unsignedShort(), MAX_FIELDS, "header fields");
		String[] fields = new String[fieldCount * 2];
		for (int i = 0; i < fields.length; i++) {
			fields[i] = in.string();
		}
		Freshness freshness = new Freshness(in.longValue(), in.longValue(), in.longValue(), in.longValue(),
				in.longValue(), in.longValue(), in.bool(), in.bool(), in.bool());
		String etag = in.bool() ? in.string() : null;
		long lastModified = in.longValue();
		int varyCount = in.bounded(in.unsignedByte(), MAX_VARY, "Vary values");
		Map<String, String> vary = new LinkedHashMap<>();
		for (int i = 0; i < varyCount; i++) {
			vary.put(in.string(), in.string());
		}
		int tagCount = in.bounded(in.unsignedByte(), MAX_TAGS, "tags");
		Set<String> tags = new LinkedHashSet<>();
		for (int i = 0; i < tagCount; i++) {
			tags.add(in.string());
		}
		boolean anonymous = in.bool();
		int bodyLength = in.intValue();
		if (bodyLength < 0 || bodyLength > this.maxBodySize) {
			throw new InvalidEnvelopeException("body of " + bodyLength + " bytes");
		}
		int writtenLength = in.intValue();
		byte[] written = in.bytes(writtenLength);
		byte[] body = ((flags & DEFLATED) != 0) ? inflate(written, bodyLength) : written;
		if (body.length != bodyLength) {
			throw new InvalidEnvelopeException("body length");
		}
		in.end();
		return new StoredResponse(status, StoredHeaders.ofFields(fields), body, freshness, etag, lastModified,
				Map.copyOf(vary), Set.copyOf(tags), anonymous);
	}

	private static void writeUtf(DataOutputStream out, String first, String second) {
		writeString(out, first);
		writeString(out, second);
	}

	/**
	 * Write a string as its UTF-8 bytes after their length (standard UTF-8, unlike
	 * {@code DataOutput.writeUTF}).
	 * @param out the output
	 * @param value the string
	 */
	private static void writeString(DataOutputStream out, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > MAX_STRING) {
			throw new IllegalArgumentException("A string of " + bytes.length + " bytes does not fit an envelope");
		}
		try {
			out.writeShort(bytes.length);
			out.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int utf8Length(String value) {
		return value.getBytes(StandardCharsets.UTF_8).length;
	}

	private static byte @Nullable [] deflate(byte[] body) {
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		try {
			deflater.setInput(body);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
			byte[] buffer = new byte[8192];
			while (!deflater.finished()) {
				int written = deflater.deflate(buffer);
				out.write(buffer, 0, written);
				if (out.size() >= body.length) {
					return null;
				}
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	private static byte[] inflate(byte[] deflated, int length) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(deflated);
			byte[] body = new byte[length];
			int read = 0;
			while (read < length && !inflater.finished()) {
				int inflated = inflater.inflate(body, read, length - read);
				if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new InvalidEnvelopeException("truncated body");
				}
				read += inflated;
			}
			if (read != length || !inflater.finished()) {
				throw new InvalidEnvelopeException("body longer than announced");
			}
			return body;
		}
		catch (DataFormatException ex) {
			throw new InvalidEnvelopeException("corrupt body");
		}
		finally {
			inflater.end();
		}
	}

	private byte[] hmac(byte[] data) {
		return hmac(data, data.length);
	}

	private byte[] hmac(byte[] data, int length) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.signingKey);
			mac.update(data, 0, length);
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("No HmacSHA256 in this JVM", ex);
		}
	}

	/**
	 * Reads an envelope's payload within bounds.
	 */
	private static final class Reader {

		private final ByteBuffer buffer;

		Reader(byte[] bytes, int from, int end) {
			this.buffer = ByteBuffer.wrap(bytes, from, end - from);
		}

		int bounded(int count, int max, String what) {
			if (count > max) {
				throw new InvalidEnvelopeException(count + " " + what);
			}
			return count;
		}

		private void need(int bytes) {
			if (bytes < 0 || this.buffer.remaining() < bytes) {
				throw new InvalidEnvelopeException("truncated");
			}
		}

		String string() {
			int length = unsignedShort();
			if (length > MAX_STRING) {
				throw new InvalidEnvelopeException("string of " + length + " bytes");
			}
			need(length);
			String value = new String(this.buffer.array(), this.buffer.arrayOffset() + this.buffer.position(), length,
					StandardCharsets.UTF_8);
			this.buffer.position(this.buffer.position() + length);
			return value;
		}

		byte[] bytes(int length) {
			need(length);
			byte[] bytes = new byte[length];
			this.buffer.get(bytes);
			return bytes;
		}

		int unsignedShort() {
			need(2);
			return this.buffer.getShort() & 0xffff;
		}

		int unsignedByte() {
			need(1);
			return this.buffer.get() & 0xff;
		}

		int intValue() {
			need(4);
			return this.buffer.getInt();
		}

		long longValue() {
			need(8);
			return this.buffer.getLong();
		}

		boolean bool() {
			int value = unsignedByte();
			if (value > 1) {
				throw new InvalidEnvelopeException("not a boolean");
			}
			return value == 1;
		}

		void end() {
			if (this.buffer.hasRemaining()) {
				throw new InvalidEnvelopeException(this.buffer.remaining() + " bytes left over");
			}
		}

	}

	/**
	 * Thrown when bytes read from Redis are not an envelope this instance accepts.
	 */
	static final class InvalidEnvelopeException extends RuntimeException {

		InvalidEnvelopeException(String message) {
			super(message);
		}

	}

}
