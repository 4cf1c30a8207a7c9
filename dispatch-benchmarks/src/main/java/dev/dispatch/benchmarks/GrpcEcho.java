/*
 * Copyright 2026 the original author or authors.
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

package dev.dispatch.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

/**
 * A gRPC unary call of an {@link Order}, the reference of {@link CallComparison}: a
 * hand-written method descriptor with a {@code byte[]} marshaller (so no protoc), plain
 * text over Netty on 127.0.0.1, the direct executor on both sides and one channel.
 *
 * @author Dispatch team
 */
final class GrpcEcho {

	private static final String SERVICE = "bench.Orders";

	static final MethodDescriptor<byte[], byte[]> METHOD = MethodDescriptor.<byte[], byte[]>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Call"))
		.setRequestMarshaller(new Bytes())
		.setResponseMarshaller(new Bytes())
		.build();

	private GrpcEcho() {
	}

	/**
	 * Start the server, in the serving JVM: it decodes the order and replies with its
	 * item.
	 * @param port its port on 127.0.0.1
	 * @return the server
	 * @throws IOException if it could not bind
	 */
	static Server serve(int port) throws IOException {
		ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
			.addMethod(METHOD, ServerCalls.asyncUnaryCall((request, reply) -> {
				reply.onNext(Order.decode(request).item().getBytes(StandardCharsets.UTF_8));
				reply.onCompleted();
			}))
			.build();
		return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			.directExecutor()
			.addService(service)
			.build()
			.start();
	}

	/**
	 * Return the one channel of the calling JVM.
	 * @param port the server's port on 127.0.0.1
	 * @return the channel
	 */
	static ManagedChannel channel(int port) {
		return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
	}

	/**
	 * Call the server and wait for its reply.
	 * @param channel the channel
	 * @param key the key, sent with the order
	 * @param order the order
	 * @return the reply
	 */
	static String call(ManagedChannel channel, String key, Order order) {
		byte[] reply = ClientCalls.blockingUnaryCall(channel, METHOD,
				CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), Order.encode(key, order));
		return new String(reply, StandardCharsets.UTF_8);
	}

	/**
	 * Bytes as they are.
	 */
	private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
