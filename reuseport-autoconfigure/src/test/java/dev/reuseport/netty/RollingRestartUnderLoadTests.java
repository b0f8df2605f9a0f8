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

package dev.reuseport.netty;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.reuseport.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Rolling restarts of every worker under mixed keep-alive and new-connection load, in a
 * private network namespace ({@code unshare -n}) where {@code net.ipv4.tcp_migrate_req}
 * can be set without touching the host.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "network namespaces and tcp_migrate_req are Linux features")
class RollingRestartUnderLoadTests {

	private static final Pattern RESULT = Pattern.compile("RESULT (.*)");

	@Test
	void noRequestFailsWithTcpMigrateReq() {
		Map<String, Long> result = runInPrivateNetworkNamespace(1);
		assertThat(result.get("restarts")).isEqualTo(6);
		assertThat(result.get("fresh-ok")).isPositive();
		assertThat(result.get("keepalive-ok")).isPositive();
		assertThat(result.get("fresh-failed")).isZero();
		assertThat(result.get("keepalive-failed")).isZero();
	}

	@Test
	void keepAliveRequestsSucceedWithoutTcpMigrateReq() {
		Map<String, Long> result = runInPrivateNetworkNamespace(0);
		assertThat(result.get("restarts")).isEqualTo(6);
		assertThat(result.get("keepalive-failed")).isZero();
		System.out.println("Without tcp_migrate_req, new connections reset during 6 worker restarts: "
				+ result.get("fresh-failed") + " of " + (result.get("fresh-ok") + result.get("fresh-failed")));
	}

	private Map<String, Long> runInPrivateNetworkNamespace(int tcpMigrateReq) {
		assumeTrue(canUnshareNetwork(), "needs root and 'unshare -n' with 'ip' and 'sysctl' (util-linux, iproute2)");
		ChildJvm.Result run = ChildJvm.run(List.of("unshare", "-n", "sh", "-c",
				"ip link set lo up && sysctl -qw net.ipv4.tcp_migrate_req=" + tcpMigrateReq + " && exec \"$0\" \"$@\""),
				List.of(), RollingRestartScenario.class, "3");
		Matcher matcher = RESULT.matcher(run.output());
		assertThat(matcher.find()).as(run.output()).isTrue();
		System.out.println("tcp_migrate_req=" + tcpMigrateReq + ": " + matcher.group(1));
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
