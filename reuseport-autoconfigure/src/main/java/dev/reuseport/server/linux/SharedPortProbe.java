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
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Finds out, before the first worker binds, whether another process already listens on
 * the port with {@code SO_REUSEPORT}. Such a listener would let our bind succeed and
 * silently share the traffic, where Spring Boot's own server fails with "port in use".
 * <p>
 * The probe binds unconnected TCP sockets and never listens, so it cannot take a
 * connection from anyone's accept queue: a plain bind fails when any listener holds the
 * address; an {@code SO_REUSEPORT} bind then succeeds only if that listener is in a
 * reuseport group this process may join. A port held by a plain listener is left to the
 * worker's own bind, which reports Boot's {@code PortInUseException}.
 *
 * @author reuseport team
 */
public final class SharedPortProbe {

	private SharedPortProbe() {
	}

	/**
	 * Return whether a foreign {@code SO_REUSEPORT} listener holds the address.
	 * @param address the address the workers will bind
	 * @return {@code true} if a listener that we could silently join is present
	 */
	public static boolean hasForeignReusePortListener(InetSocketAddress address) {
		if (address.getPort() == 0 || bindSucceeds(address, false)) {
			return false;
		}
		return bindSucceeds(address, true);
	}

	private static boolean bindSucceeds(InetSocketAddress address, boolean reusePort) {
		try (SocketChannel channel = SocketChannel.open()) {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			if (reusePort) {
				channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			}
			channel.bind(address);
			return true;
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

}
