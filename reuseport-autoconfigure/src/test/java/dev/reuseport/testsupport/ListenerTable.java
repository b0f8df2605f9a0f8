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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the kernel's TCP tables ({@code /proc/net/tcp} and {@code /proc/net/tcp6}) to
 * count the listening sockets on a port, and which of them this process owns.
 *
 * @author reuseport team
 */
public final class ListenerTable {

	private static final String LISTEN = "0A";

	private final Set<String> listeners;

	private final Set<String> owned;

	private ListenerTable(Set<String> listeners, Set<String> owned) {
		this.listeners = listeners;
		this.owned = owned;
	}

	/**
	 * Read the listeners on a port.
	 * @param port the port
	 * @return the table
	 */
	public static ListenerTable forPort(int port) {
		Set<String> inodes = new HashSet<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			inodes.addAll(listenerInodes(Path.of(table), port));
		}
		Set<String> owned = new HashSet<>(inodes);
		owned.retainAll(socketInodesOfThisProcess());
		return new ListenerTable(inodes, owned);
	}

	public int total() {
		return this.listeners.size();
	}

	public int ownedByThisProcess() {
		return this.owned.size();
	}

	private static Set<String> listenerInodes(Path table, int port) {
		Set<String> inodes = new HashSet<>();
		if (!Files.isReadable(table)) {
			return inodes;
		}
		try (Stream<String> lines = Files.lines(table)) {
			lines.skip(1).map(String::trim).map((line) -> line.split("\\s+")).forEach((fields) -> {
				String local = fields[1];
				int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
				if (localPort == port && LISTEN.equals(fields[3].toUpperCase(Locale.ROOT))) {
					inodes.add(fields[9]);
				}
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return inodes;
	}

	private static Set<String> socketInodesOfThisProcess() {
		Set<String> inodes = new HashSet<>();
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			fds.forEach((fd) -> {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring(8, target.length() - 1));
					}
				}
				catch (IOException ex) {
					// the descriptor was closed meanwhile
				}
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return inodes;
	}

}
