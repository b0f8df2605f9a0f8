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

import java.lang.reflect.Method;
import java.nio.channels.ServerSocketChannel;

import io.netty.channel.Channel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ReflectionUtils;

/**
 * Takes a listener out of its {@code SO_REUSEPORT} group from any thread. A stalled event
 * loop cannot run {@code channel.close()} for its own listener (Netty runs it on that
 * loop), so this acts on the socket itself: {@code shutdown()} of the native socket for
 * epoll and io_uring, {@code close()} of the JDK channel for NIO. The kernel then stops
 * routing new connections to it, and with {@code net.ipv4.tcp_migrate_req=1} hands its
 * queued ones to the other listeners.
 *
 * @author reuseport team
 */
public final class ListenerEviction {

	private static final Log logger = LogFactory.getLog(ListenerEviction.class);

	private ListenerEviction() {
	}

	/**
	 * Evict a listener.
	 * @param listener the server channel
	 * @return whether the socket was shut down or closed
	 */
	public static boolean evict(Channel listener) {
		try {
			if (listener instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
				socket.shutdown();
				return true;
			}
			Method javaChannel = ReflectionUtils.findMethod(listener.getClass(), "javaChannel");
			if (javaChannel != null) {
				ReflectionUtils.makeAccessible(javaChannel);
				if (ReflectionUtils.invokeMethod(javaChannel, listener) instanceof ServerSocketChannel channel) {
					channel.close();
					return true;
				}
			}
		}
		catch (Exception ex) {
			logger.warn("Could not evict listener " + listener, ex);
		}
		return false;
	}

}
