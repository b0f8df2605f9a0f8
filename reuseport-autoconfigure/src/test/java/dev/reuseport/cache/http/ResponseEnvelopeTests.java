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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.Deflater;

import dev.reuseport.cache.http.ResponseEnvelope.InvalidEnvelopeException;
import dev.reuseport.cache.http.StoredResponse.Freshness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ResponseEnvelope}: what is written reads back equal, and what was not
 * written by an instance of this version, key and signing key never reads back.
 *
 * @author reuseport team
 */
class ResponseEnvelopeTests {

	private static final HttpCacheKey KEY = new HttpCacheKey("https", "shop.example", "/products/1?page=2");

	private static final byte[] SIGNING_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	private final ResponseEnvelope plain = new ResponseEnvelope(1024 * 1024, 1024, null);

	private final ResponseEnvelope signed = new ResponseEnvelope(1024 * 1024, 1024, SIGNING_KEY);

	private static StoredResponse response(byte[] body) {
		return new StoredResponse(200,
				StoredHeaders.ofFields(new String[] { "Content-Type", "text/html", "Cache-Control", "max-age=60",
						"Vary", "Accept-Language", "X-Ünïcode", "✓ \u0000 \uD83D\uDE00" }),
				body, new Freshness(1_733_400_000_000L, 2000, 60_000, 30_000, 0, 30_000, false, true, false), "\"v1\"",
				1_733_300_000_000L, Map.of("accept-language", "de"), Set.of("product-1", "catalog"), true);
	}

	@Test
	void whatIsWrittenReadsBackEqual() {
		StoredResponse response = response("<h1>hello</h1>".getBytes(StandardCharsets.UTF_8));
		StoredResponse read = this.plain.read(KEY, this.plain.write(KEY, response));
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).isEqualTo(response.body());
		assertThat(read.freshness()).isEqualTo(response.freshness());
		assertThat(read.etag()).isEqualTo("\"v1\"");
		assertThat(read.lastModified()).isEqualTo(response.lastModified());
		assertThat(read.vary()).isEqualTo(response.vary());
		assertThat(read.tags()).isEqualTo(response.tags());
		assertThat(read.anonymous()).isTrue();
		assertThat(read.headers().toHttpHeaders()).isEqualTo(response.headers().toHttpHeaders());
	}

	@Test
	void largeBodyIsDeflatedAndReadsBack() {
		byte[] body = "compressible ".repeat(1000).getBytes(StandardCharsets.UTF_8);
		byte[] envelope = this.plain.write(KEY, response(body));
		assertThat(envelope.length).isLessThan(body.length / 4);
		assertThat(this.plain.read(KEY, envelope).body()).isEqualTo(body);
	}

	@Test
	void incompressibleBodyIsKeptAsIs() {
		byte[] body = new byte[4096];
		new Random(7).nextBytes(body);
		byte[] envelope = this.plain.write(KEY, response(body));
		assertThat(envelope.length).isGreaterThan(body.length);
		assertThat(this.plain.read(KEY, envelope).body()).isEqualTo(body);
	}

	@Test
	void signedEnvelopeReadsBackWithTheKey() {
		StoredResponse response = response("signed".getBytes(StandardCharsets.UTF_8));
		assertThat(this.signed.read(KEY, this.signed.write(KEY, response)).body()).isEqualTo(response.body());
	}

	@Test
	void everyByteOfASignedEnvelopeIsCovered() {
		byte[] envelope = this.signed.write(KEY, response("signed".getBytes(StandardCharsets.UTF_8)));
		for (int i = 5; i < envelope.length; i++) {
			byte[] tampered = envelope.clone();
			tampered[i] ^= 1;
			assertThatExceptionOfType(InvalidEnvelopeException.class).as("byte %d", i)
				.isThrownBy(() -> this.signed.read(KEY, tampered));
		}
	}

	@Test
	void unsignedEnvelopeIsRejectedWhenSigningIsOnAndTheOtherWayRound() {
		StoredResponse response = response("x".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> this.signed.read(KEY, this.plain.write(KEY, response)))
			.withMessage("not signed");
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> this.plain.read(KEY, this.signed.write(KEY, response)));
		ResponseEnvelope otherKey = new ResponseEnvelope(1024 * 1024, 1024,
				"another key, another key, another".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> otherKey.read(KEY, this.signed.write(KEY, response)))
			.withMessage("bad signature");
	}

	@Test
	void envelopeOfAnotherKeyIsRejected() {
		byte[] envelope = this.plain.write(KEY, response("x".getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> this.plain.read(new HttpCacheKey("https", "shop.example", "/products/2"), envelope))
			.withMessage("written for another key");
	}

	@Test
	void anotherVersionOrMagicIsRejected() {
		byte[] envelope = this.plain.write(KEY, response("x".getBytes(StandardCharsets.UTF_8)));
		byte[] version = envelope.clone();
		version[3] = 2;
		assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> this.plain.read(KEY, version))
			.withMessage("version 2");
		byte[] serialized = { (byte) 0xac, (byte) 0xed, 0, 5, 's', 'r' };
		assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> this.plain.read(KEY, serialized))
			.withMessage("not an envelope");
	}

	@Test
	void everyTruncationIsRejected() {
		byte[] envelope = this.plain.write(KEY, response("truncate me".getBytes(StandardCharsets.UTF_8)));
		for (int length = 0; length < envelope.length; length++) {
			byte[] truncated = Arrays.copyOf(envelope, length);
			assertThatExceptionOfType(InvalidEnvelopeException.class).as("length %d", length)
				.isThrownBy(() -> this.plain.read(KEY, truncated));
		}
		byte[] longer = Arrays.copyOf(envelope, envelope.length + 1);
		assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> this.plain.read(KEY, longer))
			.withMessage("1 bytes left over");
	}

	@Test
	void countsAndLengthsBeyondTheirBoundsAreRejectedBeforeAllocating() {
		ByteBuffer header = ByteBuffer.allocate(64);
		header.put(new byte[] { 'R', 'P', 'E', 1, 0 });
		byte[] key = KEY.toString().getBytes(StandardCharsets.UTF_8);
		header.putShort((short) key.length).put(key);
		header.putShort((short) 200).putShort((short) 0xffff);
		byte[] manyFields = Arrays.copyOf(header.array(), header.position());
		assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> this.plain.read(KEY, manyFields))
			.withMessage("65535 header fields");
	}

	@Test
	void bodyThatInflatesBeyondWhatItAnnouncesIsRejected() throws Exception {
		byte[] envelope = this.plain.write(KEY, response("small".getBytes(StandardCharsets.UTF_8)));
		// a deflated bomb: 4 MB of zeros in a few kilobytes, announced as 5 bytes
		byte[] bomb = deflate(new byte[4 * 1024 * 1024]);
		ByteArrayOutputStream forged = new ByteArrayOutputStream();
		int bodyAt = envelope.length - 4 - 4 - 5;
		forged.write(envelope, 0, bodyAt);
		forged.write(ByteBuffer.allocate(8).putInt(5).putInt(bomb.length).array());
		forged.write(bomb);
		byte[] bytes = forged.toByteArray();
		bytes[4] = 1;
		assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> this.plain.read(KEY, bytes))
			.withMessage("body longer than announced");
	}

	@Test
	void responseBeyondTheBoundsDoesNotFit() {
		assertThat(this.plain.fits(response(new byte[10]))).isTrue();
		assertThat(new ResponseEnvelope(5, 1024, null).fits(response(new byte[10]))).isFalse();
		StoredResponse manyTags = new StoredResponse(200, StoredHeaders.ofFields(new String[0]), new byte[0],
				response(new byte[0]).freshness(), null, -1, Map.of(),
				Set.copyOf(java.util.stream.IntStream.range(0, 65).mapToObj((i) -> "t" + i).toList()), true);
		assertThat(this.plain.fits(manyTags)).isFalse();
	}

	private static byte[] deflate(byte[] data) {
		Deflater deflater = new Deflater();
		deflater.setInput(data);
		deflater.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

}
