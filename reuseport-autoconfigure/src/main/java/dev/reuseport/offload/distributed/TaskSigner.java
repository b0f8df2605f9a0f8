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

package dev.reuseport.offload.distributed;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Signs task entries with HMAC-SHA-256 under a key the instances share, so that a worker
 * runs only tasks an instance of the application queued: an entry written by anyone else
 * who can write to the stream, or altered, has no valid signature and goes to the dead
 * letter. The signature covers the task id, name, arguments, reply instance, attempt and
 * trace context (length-prefixed); it does not stop a replay of a whole entry, which
 * at-least-once tasks must tolerate anyway.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class TaskSigner {

	private final SecretKeySpec key;

	/**
	 * Create a new instance.
	 * @param key the shared key, at least 32 bytes
	 */
	public TaskSigner(byte[] key) {
		Assert.isTrue(key.length >= 32, "'key' must have at least 32 bytes");
		this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
	}

	/**
	 * Return the signature of an entry.
	 * @param entry the entry
	 * @return the signature, in hex
	 */
	public String sign(TaskEntry entry) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			for (String field : new String[] { entry.taskId(), entry.name(), entry.arguments(), entry.replyTo(),
					Integer.toString(entry.attempt()), entry.trace() }) {
				byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
				mac.update(HexFormat.of()
					.formatHex(new byte[] { (byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
							(byte) (bytes.length >>> 8), (byte) bytes.length })
					.getBytes(StandardCharsets.US_ASCII));
				mac.update(bytes);
			}
			return HexFormat.of().formatHex(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("No HmacSHA256 in this JVM", ex);
		}
	}

	/**
	 * Check an entry's signature, in constant time.
	 * @param entry the entry
	 * @param signature its signature as read, or {@code null}
	 * @throws RejectedEntryException if it is missing or wrong
	 */
	public void verify(TaskEntry entry, @Nullable String signature) {
		if (signature == null || !MessageDigest.isEqual(sign(entry).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII))) {
			throw new RejectedEntryException("bad or missing signature");
		}
	}

}
