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

package dev.reuseport.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a scenario main class in a new JVM inside a private network namespace
 * ({@code unshare -n}, loopback up, {@code net.ipv4.tcp_migrate_req} set), where the
 * sysctl can be changed without touching the host. The scenario prints one line
 * {@code RESULT key=number …}. Where namespaces cannot be made it skips with the reason,
 * and fails with it in CI ({@link Requirements}).
 *
 * @author reuseport team
 */
public final class PrivateNetwork {

	private static final Pattern RESULT = Pattern.compile("RESULT (.*)");

	private PrivateNetwork() {
	}

	public static Map<String, Long> run(int tcpMigrateReq, Class<?> scenario, String... arguments) {
		return run(tcpMigrateReq, ChildJvm.TIMEOUT, scenario, arguments);
	}

	/**
	 * Run a scenario that may take longer than a minute.
	 * @param tcpMigrateReq the value of {@code net.ipv4.tcp_migrate_req} in the namespace
	 * @param timeout the longest the scenario may run
	 * @param scenario the main class
	 * @param arguments its arguments
	 * @return the numbers of its {@code RESULT} line
	 */
	public static Map<String, Long> run(int tcpMigrateReq, Duration timeout, Class<?> scenario, String... arguments) {
		Requirements.require(canUnshareNetwork(),
				() -> "needs root and 'unshare -n' with 'ip' and 'sysctl' (util-linux, iproute2, procps)");
		ChildJvm.Result run = ChildJvm.run(timeout, List.of("unshare", "-n", "sh", "-c",
				"ip link set lo up && sysctl -qw net.ipv4.tcp_migrate_req=" + tcpMigrateReq + " && exec \"$0\" \"$@\""),
				List.of(), scenario, arguments);
		Matcher matcher = RESULT.matcher(run.output());
		assertThat(matcher.find()).as(run.output()).isTrue();
		System.out
			.println(scenario.getSimpleName() + " with tcp_migrate_req=" + tcpMigrateReq + ": " + matcher.group(1));
		return Pattern.compile(" ")
			.splitAsStream(matcher.group(1))
			.map((pair) -> pair.split("="))
			.collect(Collectors.toMap((pair) -> pair[0], (pair) -> Long.parseLong(pair[1])));
	}

	private static boolean canUnshareNetwork() {
		try {
			Process process = new ProcessBuilder("unshare", "-n", "sh", "-c",
					"ip link set lo up && sysctl -qw net.ipv4.tcp_migrate_req=1")
				.redirectErrorStream(true)
				.start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
