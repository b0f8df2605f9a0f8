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

import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.unix.UnixChannelOption;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * A transport resolved from a {@link ReusePortTransport} choice: the event-loop I/O
 * handler and the {@code SO_REUSEPORT} channel option that fits it.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class WorkerTransport {

	/**
	 * The class whose presence and availability decide whether epoll can be used.
	 */
	public static final String EPOLL_CLASS = "io.netty.channel.epoll.Epoll";

	/**
	 * The class whose presence and availability decide whether io_uring can be used.
	 */
	public static final String IO_URING_CLASS = "io.netty.channel.uring.IoUring";

	private final ReusePortTransport transport;

	private WorkerTransport(ReusePortTransport transport) {
		this.transport = transport;
	}

	/**
	 * Resolve the transport to use for the given choice.
	 * @param requested the configured choice
	 * @return the resolved transport, never {@link ReusePortTransport#AUTO}
	 * @throws TransportUnavailableException if an explicitly requested native transport
	 * cannot be loaded on this machine
	 */
	public static WorkerTransport resolve(ReusePortTransport requested) {
		return switch (requested) {
			case AUTO -> new WorkerTransport(
					(preferNative() && epollCause() == null) ? ReusePortTransport.EPOLL : ReusePortTransport.NIO);
			case EPOLL -> available(requested, epollCause());
			case IO_URING -> available(requested, ioUringCause());
			case NIO -> new WorkerTransport(ReusePortTransport.NIO);
		};
	}

	private static WorkerTransport available(ReusePortTransport requested, @Nullable Throwable cause) {
		if (cause != null) {
			throw new TransportUnavailableException(requested, cause);
		}
		return new WorkerTransport(requested);
	}

	private static boolean preferNative() {
		return Boolean.parseBoolean(System.getProperty("reactor.netty.native", "true"));
	}

	private static @Nullable Throwable epollCause() {
		if (!ClassUtils.isPresent(EPOLL_CLASS, WorkerTransport.class.getClassLoader())) {
			return new ClassNotFoundException(EPOLL_CLASS + " (io.netty:netty-transport-classes-epoll)");
		}
		return Natives.epollUnavailabilityCause();
	}

	private static @Nullable Throwable ioUringCause() {
		if (!ClassUtils.isPresent(IO_URING_CLASS, WorkerTransport.class.getClassLoader())) {
			return new ClassNotFoundException(IO_URING_CLASS + " (io.netty:netty-transport-classes-io_uring)");
		}
		return Natives.ioUringUnavailabilityCause();
	}

	/**
	 * Return the transport.
	 * @return the transport, never {@link ReusePortTransport#AUTO}
	 */
	public ReusePortTransport getTransport() {
		return this.transport;
	}

	/**
	 * Return the short name used in thread names and logs: {@code epoll},
	 * {@code io_uring} or {@code nio}.
	 * @return the name
	 */
	public String getName() {
		return this.transport.name().toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * Return whether this transport uses native code.
	 * @return {@code true} for epoll and io_uring
	 */
	public boolean isNative() {
		return this.transport != ReusePortTransport.NIO;
	}

	public IoHandlerFactory ioHandlerFactory() {
		return switch (this.transport) {
			case EPOLL -> Natives.epollHandlerFactory();
			case IO_URING -> Natives.ioUringHandlerFactory();
			default -> NioIoHandler.newFactory();
		};
	}

	/**
	 * Return the option that sets {@code SO_REUSEPORT} on a listening channel of this
	 * transport.
	 * @return the channel option
	 */
	public ChannelOption<Boolean> reusePortOption() {
		return isNative() ? UnixChannelOption.SO_REUSEPORT : NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
	}

	/**
	 * Return whether the JVM can set {@code SO_REUSEPORT} at all (it cannot on Windows).
	 * @return whether the option is supported
	 */
	static boolean jdkSupportsReusePort() {
		try (ServerSocketChannel channel = ServerSocketChannel.open()) {
			return channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
		}
		catch (Exception ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return getName();
	}

	/**
	 * Calls into the optional native transport classes, kept apart so that this class
	 * loads without them.
	 */
	private static final class Natives {

		static @Nullable Throwable epollUnavailabilityCause() {
			return io.netty.channel.epoll.Epoll.unavailabilityCause();
		}

		static @Nullable Throwable ioUringUnavailabilityCause() {
			return io.netty.channel.uring.IoUring.unavailabilityCause();
		}

		static IoHandlerFactory epollHandlerFactory() {
			return io.netty.channel.epoll.EpollIoHandler.newFactory();
		}

		static IoHandlerFactory ioUringHandlerFactory() {
			return io.netty.channel.uring.IoUringIoHandler.newFactory();
		}

	}

}
