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

package dev.reuseport.actuate.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stands for values an endpoint must not show (keys and tags that can carry session ids,
 * e-mail addresses or tokens) with a digest: an HMAC-SHA-256 under a random key of this
 * JVM, cut to 16 hexadecimal digits, so that equal values show equal digests within one
 * process while no dictionary of likely values can be matched against them.
 *
 * @author reuseport team
 */
final class ValueDigests {

	private static final String ALGORITHM = "HmacSHA256";

	private static final SecretKeySpec KEY;

	static {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		KEY = new SecretKeySpec(key, ALGORITHM);
	}

	private ValueDigests() {
	}

	/**
	 * Return the digest that stands for a value.
	 * @param value the value
	 * @return {@code hmac:} and 16 hexadecimal digits
	 */
	static String digest(String value) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(KEY);
			byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
			return "hmac:" + HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("No " + ALGORITHM + " in this JVM", ex);
		}
	}

}
