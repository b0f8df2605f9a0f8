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

package dev.reuseport.server.supervision;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link WorkerGroup}, fixed when its web server is created from the
 * web server factory's {@code server.*} and {@code reuseport.*} settings.
 *
 * @param initialWorkers how many workers the group starts
 * @param configuredPort the configured port, {@code 0} for an ephemeral one
 * @param address the address the workers bind, {@code null} for every address
 * @param checkSharedPort whether to look for foreign {@code SO_REUSEPORT} listeners
 * @param allowSharedPort whether a foreign {@code SO_REUSEPORT} listener is accepted
 * @param description what the workers run on, for the start-up log line
 * @param watchdogInterval how often the watchdog checks the workers' heartbeats
 * @param stallRecovery whether the watchdog replaces a stalled worker
 * @param drainTimeout the longest drain of a replaced worker, and the longest wait for a
 * stalled worker to recover before it is stopped
 * @param restartDelay the pause between two workers of a rolling restart
 * @param graceful whether graceful shutdown drains the workers
 * ({@code server.shutdown=graceful})
 * @param scalingPolicy the policy that adds and removes workers with load, {@code null}
 * for a fixed number of workers
 * @author reuseport team
 * @since 0.2.0
 */
public record WorkerGroupSettings(int initialWorkers, int configuredPort, @Nullable InetAddress address,
		boolean checkSharedPort, boolean allowSharedPort, String description, Duration watchdogInterval,
		boolean stallRecovery, Duration drainTimeout, Duration restartDelay, boolean graceful,
		@Nullable ScalingPolicy scalingPolicy) {

	/**
	 * Return the socket address the workers listen on for a port.
	 * @param port the port
	 * @return the address
	 */
	InetSocketAddress listenAddress(int port) {
		return listenAddress(this.address, port);
	}

	static InetSocketAddress listenAddress(@Nullable InetAddress address, int port) {
		return (address != null) ? new InetSocketAddress(address, port) : new InetSocketAddress(port);
	}

}
