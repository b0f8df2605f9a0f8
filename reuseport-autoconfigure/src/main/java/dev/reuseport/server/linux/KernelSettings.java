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

package dev.reuseport.server.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads kernel settings that matter to {@code SO_REUSEPORT} listeners.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class KernelSettings {

	private static final Path TCP_MIGRATE_REQ = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

	private KernelSettings() {
	}

	/**
	 * Return whether {@code net.ipv4.tcp_migrate_req} is on: closing one listener of a
	 * reuseport group then hands its queued connections to another listener instead of
	 * resetting them (Linux 5.14 and later).
	 * @return the setting, or empty where it cannot be read
	 */
	public static Optional<Boolean> tcpMigrateReq() {
		try {
			return Optional.of(!"0".equals(Files.readString(TCP_MIGRATE_REQ).trim()));
		}
		catch (IOException | SecurityException ex) {
			return Optional.empty();
		}
	}

}
