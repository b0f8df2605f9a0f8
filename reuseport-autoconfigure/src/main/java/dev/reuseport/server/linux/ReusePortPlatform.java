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

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What the operating system does with several {@code SO_REUSEPORT} listeners on one
 * address.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public enum ReusePortPlatform {

	/**
	 * The kernel spreads new connections over all listeners (Linux 3.9 and later).
	 */
	BALANCING(true, true, null),

	/**
	 * The option exists but the last listener to bind gets every connection (macOS and
	 * the BSDs).
	 */
	LAST_BIND_WINS(false, true, "SO_REUSEPORT on %s hands every new connection to the last listener bound"),

	/**
	 * The option does not exist (Windows).
	 */
	UNSUPPORTED(false, false, "%s has no SO_REUSEPORT");

	private final boolean balancing;

	private final boolean reusePort;

	private final @Nullable String limitation;

	ReusePortPlatform(boolean balancing, boolean reusePort, @Nullable String limitation) {
		this.balancing = balancing;
		this.reusePort = reusePort;
		this.limitation = limitation;
	}

	/**
	 * Return the platform for an operating system name as {@code os.name} gives it.
	 * @param operatingSystem the operating system name
	 * @return the platform
	 */
	public static ReusePortPlatform of(String operatingSystem) {
		String name = operatingSystem.toLowerCase(Locale.ROOT);
		if (name.startsWith("linux")) {
			return BALANCING;
		}
		if (name.startsWith("windows")) {
			return UNSUPPORTED;
		}
		return WorkerTransport.jdkSupportsReusePort() ? LAST_BIND_WINS : UNSUPPORTED;
	}

	/**
	 * Return whether the kernel balances connections over several listeners.
	 * @return whether more than one worker is useful
	 */
	public boolean isBalancing() {
		return this.balancing;
	}

	/**
	 * Return whether listeners can set {@code SO_REUSEPORT}.
	 * @return whether the option is available
	 */
	public boolean supportsReusePort() {
		return this.reusePort;
	}

	/**
	 * Describe why this platform cannot run several workers.
	 * @param operatingSystem the operating system name
	 * @return the reason, or {@code null} on a balancing platform
	 */
	public @Nullable String limitation(String operatingSystem) {
		return (this.limitation != null) ? this.limitation.formatted(operatingSystem) : null;
	}

}
