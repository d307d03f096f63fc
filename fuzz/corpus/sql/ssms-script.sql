USE [clinic]
GO
/****** Object:  Table [dbo].[Patients]    Script Date: 7/1/2024 10:00:00 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[Patients](
	[Id] [int] IDENTITY(1,1) NOT NULL,
	[FirstName] [nvarchar](50) NULL,
	[LastName] [nvarchar](50) NULL,
	[SSN] [char](11) NULL,
 CONSTRAINT [Mary Johnson] PRIMARY KEY CLUSTERED 
(
	[Id] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
SET IDENTITY_INSERT [dbo].[Patients] ON 

INSERT [dbo].[Patients] ([Id], [FirstName], [LastName], [SSN]) VALUES (1, N'Mary', N'Okafor', N'123-45-6789')
INSERT [dbo].[Patients] ([Id], [FirstName], [LastName], [SSN]) VALUES (2, N'James', N'Whitfield', N'234-56-7890')
SET IDENTITY_INSERT [dbo].[Patients] OFF
GO
UPDATE [dbo].[Patients] SET [LastName] = N'Okafor-Diaz', [SSN] = '345-67-8901' WHERE [Id] = 1
GO
ALTER TABLE [dbo].[Patients] ADD  CONSTRAINT [DF_Patients_Note]  DEFAULT ('Robert Smith') FOR [LastName]
GO
